using Akka.TestKit;
using Akka.TestKit.Xunit2;
using Proxy.Actors.Configuration;
using Proxy.Discovery.Docker;
using Proxy.Tests.Docker;
using Xunit;
using Xunit.Abstractions;

namespace Proxy.Discovery.Tests.Docker;

/// <summary>
/// A Docker host that crashes and comes back: the provider keeps serving what it knew, says it is
/// disconnected, and resyncs when the daemon answers again. Uses a daemon of its own (the shared
/// ones serve other tests).
/// </summary>
public sealed class DockerDaemonRestartTests : TestKit
{
    private static readonly TimeSpan ReportTimeout = TimeSpan.FromSeconds(30);

    private readonly ThrowawayDaemon _daemon = new();
    private readonly DockerCli _docker = new();
    private readonly TestProbe _configuration;

    public DockerDaemonRestartTests(ITestOutputHelper output)
        : base(output: output)
    {
        _configuration = CreateTestProbe();
    }

    [DockerFact]
    public void DaemonCrash_ThenRestart_KeepsLastContainersWhileDisconnectedAndResyncs()
    {
        _daemon.Start();
        _daemon.ImportImage();
        var before = $"{_docker.Prefix}-before";
        _docker.RunSleeper(_daemon.Endpoint, before, Labels(before, 18301));
        Sys.ActorOf(DockerProviderActor.Props(new DockerProviderSettings([_daemon.Endpoint], DockerProviderOptions.Default), _configuration, TimeProvider.System));
        AwaitReport(c => c.Config.Routers.ContainsKey(before) && !Disconnected(c));

        _daemon.Kill();
        var whileDown = AwaitReport(Disconnected);
        Assert.True(whileDown.Config.Routers.ContainsKey(before), "the last known containers keep serving while the daemon is away");
        Assert.Contains(whileDown.Errors, e => e.Source == $"docker:{_daemon.Endpoint}" && e.Message.Contains("reconnecting", StringComparison.Ordinal));

        _daemon.Start();
        AwaitReport(c => !Disconnected(c));

        // The event stream works again after the resync: a container started now is seen.
        var after = $"{_docker.Prefix}-after";
        _docker.RunSleeper(_daemon.Endpoint, after, Labels(after, 18302));
        var resynced = AwaitReport(c => c.Config.Routers.ContainsKey(after));
        Assert.DoesNotContain(resynced.Errors, e => e.Message.Contains("disconnected", StringComparison.Ordinal));
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            _docker.Dispose();
            _daemon.Dispose();
        }
    }

    private static bool Disconnected(ProviderConfigurationChanged changed) =>
        changed.Errors.Any(e => e.Message.StartsWith("disconnected from", StringComparison.Ordinal));

    private static IEnumerable<(string Key, string Value)> Labels(string name, int port) =>
    [
        ($"proxy.http.routers.{name}.rule", $"Host(`{name}.test`)"),
        ($"proxy.http.services.{name}.loadbalancer.server.port", port.ToString(System.Globalization.CultureInfo.InvariantCulture)),
    ];

    private ProviderConfigurationChanged AwaitReport(Predicate<ProviderConfigurationChanged> wanted) =>
        _configuration.FishForMessage(wanted, ReportTimeout);
}
