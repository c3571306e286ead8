using System.Diagnostics;
using System.Text.Json;
using Proxy.Node.Cli;
using Xunit.Abstractions;

namespace Proxy.Node.Tests.Integration.Docker;

/// <summary>
/// ops/compose/cluster-dns.yml with <c>up --scale proxy=3</c>: three identical replicas of the image on
/// an internal user-defined network, each seeded with <c>dns:proxy:4040</c> (Docker's embedded DNS), form
/// one cluster of three over mutual TLS. Checked from inside each replica (<c>docker exec proxy-node
/// cluster members</c> against its own loopback API), so no test traffic leaves the containers' namespaces.
/// </summary>
[Collection(IntegrationCollection.Name)]
public sealed class ClusterDnsComposeTests(ITestOutputHelper output) : IDisposable
{
    private const int Replicas = 3;
    private static readonly TimeSpan Formation = TimeSpan.FromSeconds(120);
    private readonly string _tlsDirectory = Directory.CreateTempSubdirectory("proxy-cluster-dns-").FullName;

    [DockerFact(Timeout = 1_500_000)]
    public async Task ClusterDns_ScaledToThreeWithDnsSeed_OneClusterOfThree()
    {
        DockerCli.Require();
        await ProxyImage.EnsureBuiltAsync();
        await IssueSharedPairAsync();
        var environment = new Dictionary<string, string>(await ProxyImage.ComposeEnvironmentAsync()) { ["PROXY_CLUSTER_TLS_DIR"] = _tlsDirectory };
        var clock = Stopwatch.StartNew();
        await using var compose = await ComposeProject.UpAsync("cluster-dns.yml", environment, "--scale", $"proxy={Replicas}");
        var up = clock.Elapsed;
        var replicas = Enumerable.Range(1, Replicas).Select(i => compose.Container("proxy", i)).ToArray();

        var views = new (string Self, string Security, IReadOnlyList<string> Up)[Replicas];
        for (var i = 0; i < Replicas; i++)
        {
            var replica = i;
            try
            {
                await Eventually.TrueAsync(async () =>
                    {
                        views[replica] = await MembersFromInsideAsync(replicas[replica]);
                        return views[replica].Up.Count == Replicas;
                    },
                    $"{replicas[i]} to list {Replicas} members Up",
                    Formation);
            }
            catch (TimeoutException e)
            {
                throw new TimeoutException($"{e.Message}; last seen: {views[replica].Up?.Count ?? 0} Up\n{await ComposeProject.ContainerLogsAsync(30, replicas)}", e);
            }
        }

        var formed = clock.Elapsed;
        foreach (var (view, i) in views.Select((v, i) => (v, i)))
        {
            output.WriteLine($"{replicas[i]}: self {view.Self}, transport {view.Security}, Up: {string.Join(", ", view.Up)}");
        }

        output.WriteLine($"docker-compose up --scale proxy={Replicas}: {up.TotalSeconds:F1} s; one cluster of {Replicas} seen from every replica at {formed.TotalSeconds:F1} s");
        Assert.All(views, view => Assert.Equal(views[0].Up, view.Up));
        Assert.Equal(Replicas, views.Select(v => v.Self).Distinct(StringComparer.Ordinal).Count());
        Assert.All(views, view => Assert.Contains(view.Self, view.Up));
        Assert.All(views, view => Assert.Equal("mutual-tls", view.Security));
    }

    public void Dispose() => Directory.Delete(_tlsDirectory, recursive: true);

    /// <summary>
    /// One CA and one pair for all replicas, made by the real <c>cluster tls</c> code, owned by the image's
    /// user so that it can read the key (mode 0600) through the read-only bind mount.
    /// </summary>
    private async Task IssueSharedPairAsync()
    {
        Assert.Equal(0, await ClusterTlsCommand.RunAsync(["cluster", "tls", "init", _tlsDirectory], TextWriter.Null, TextWriter.Null));
        Assert.Equal(0, await ClusterTlsCommand.RunAsync(["cluster", "tls", "issue", _tlsDirectory, "proxy"], TextWriter.Null, TextWriter.Null));
        var user = (await DockerCli.DockerAsync("image", "inspect", "--format", "{{.Config.User}}", ProxyImage.Tag)).Trim();
        await DockerCli.RunAsync("chown", ["-R", user, _tlsDirectory], TimeSpan.FromSeconds(10));
    }

    /// <summary>
    /// /cluster/members as the replica's own CLI reads it from the replica's own loopback API (the image's
    /// default): its self address, transport security and the addresses of the members it sees Up.
    /// </summary>
    private static async Task<(string Self, string Security, IReadOnlyList<string> Up)> MembersFromInsideAsync(string container)
    {
        string json;
        try
        {
            json = await DockerCli.DockerAsync("exec", container, "proxy-node", "cluster", "members", "--json");
        }
        catch (InvalidOperationException)
        {
            // The node not listening yet (or the container restarting) is the CLI's exit 1: not formed yet.
            return (string.Empty, string.Empty, []);
        }

        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        return (
            root.GetProperty("selfNode").GetString()!,
            root.GetProperty("transport").GetProperty("security").GetString()!,
            [.. root.GetProperty("members").EnumerateArray()
                .Where(m => m.GetProperty("status").GetString() == "Up")
                .Select(m => m.GetProperty("node").GetString()!)
                .Order(StringComparer.Ordinal)]);
    }
}
