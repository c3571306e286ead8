using System.Collections.Immutable;
using Akka.Actor;
using Akka.TestKit;
using Akka.TestKit.Xunit2;
using Microsoft.Extensions.Time.Testing;
using Proxy.Actors.Configuration;
using Proxy.Discovery.Docker;
using Xunit;
using static Proxy.Discovery.Tests.Docker.Containers;

namespace Proxy.Discovery.Tests.Docker;

/// <summary>
/// The provider's coalescing window on a fake clock: the host's news are told to the provider
/// directly, as its host actor would, for a Docker endpoint that does not exist (its host actor
/// only ever reports it disconnected). No daemon, and no waiting for the window.
/// </summary>
public sealed class DockerProviderCoalescingTests : TestKit
{
    /// <summary>The window of <see cref="DockerProviderActor"/>.</summary>
    private static readonly TimeSpan Window = TimeSpan.FromMilliseconds(20);

    /// <summary>How long the tests watch for a report that must not come: the window is on the fake clock, so any wait is longer than it.</summary>
    private static readonly TimeSpan Quiet = TimeSpan.FromMilliseconds(200);

    private readonly FakeTimeProvider _clock = new(DateTimeOffset.UtcNow);
    private readonly TestProbe _configuration;
    private readonly string _endpoint = $"unix:///tmp/{Guid.NewGuid():N}/docker.sock";
    private readonly IActorRef _provider;

    public DockerProviderCoalescingTests()
    {
        _configuration = CreateTestProbe();
        // What the hosts are (for the cluster API) is reported apart, at once: only the configuration reports are coalesced.
        _configuration.IgnoreMessages<ProviderSourcesChanged>();
        _provider = Sys.ActorOf(DockerProviderActor.Props(new DockerProviderSettings([_endpoint], DockerProviderOptions.Default), _configuration.Ref, _clock));
        // The host actor's first report (disconnected) opens a window; its report goes out when the clock passes it.
        AwaitCondition(() => Host().LastError is not null, TimeSpan.FromSeconds(15));
        _configuration.ExpectNoMsg(Quiet);
        _clock.Advance(Window);
        Assert.Single(_configuration.ExpectMsg<ProviderConfigurationChanged>().Errors);
    }

    [Fact]
    public void HostContainersChanged_BurstWithinTheWindow_OneReportWhenTheWindowEnds()
    {
        for (var replica = 1; replica <= 5; replica++)
        {
            Tell(Changed(replica, urgent: false));
            _clock.Advance(TimeSpan.FromMilliseconds(3));
        }

        _configuration.ExpectNoMsg(Quiet);
        _clock.Advance(Window - TimeSpan.FromMilliseconds(15) - TimeSpan.FromMilliseconds(1));
        _configuration.ExpectNoMsg(Quiet);

        _clock.Advance(TimeSpan.FromMilliseconds(1));
        var report = _configuration.ExpectMsg<ProviderConfigurationChanged>();
        Assert.Equal(5, Servers(report));
        _configuration.ExpectNoMsg(Quiet);
    }

    [Fact]
    public void HostContainersChanged_Urgent_ReportedAtOnceAndClosesTheWindow()
    {
        Tell(Changed(1, urgent: false));
        Tell(Changed(2, urgent: true));

        // A draining container must not wait for the window: the clock has not moved.
        Assert.Equal(2, Servers(_configuration.ExpectMsg<ProviderConfigurationChanged>()));
        _clock.Advance(Window);
        _configuration.ExpectNoMsg(Quiet);
    }

    [Fact]
    public void GetDockerHosts_AfterAChange_LastChangeOnTheInjectedClock()
    {
        _clock.Advance(TimeSpan.FromHours(1));
        Tell(Changed(1, urgent: true));

        Assert.Equal(_clock.GetUtcNow(), Host().LastChange);
    }

    /// <summary>Tells the provider and waits until it has handled the message, so that the clock moves only after.</summary>
    private void Tell(HostContainersChanged changed)
    {
        _provider.Tell(changed);
        Host();
    }

    private DockerHostStatus Host() =>
        Assert.Single(_provider.Ask<DockerHostsResult>(GetDockerHosts.Instance, TimeSpan.FromSeconds(5)).GetAwaiter().GetResult().Hosts);

    /// <summary>The host now runs replicas 1 to <paramref name="replicas"/> of one compose service.</summary>
    private HostContainersChanged Changed(int replicas, bool urgent) =>
        new(_endpoint, [.. Enumerable.Range(1, replicas).Select(r => Compose("web", r, $"172.18.0.{r + 1}"))], urgent);

    private static int Servers(ProviderConfigurationChanged report) =>
        report.Config.Services.Values.Sum(s => s.LoadBalancer?.Servers.Length ?? 0);
}
