using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using Xunit.Abstractions;

namespace Proxy.Node.Tests.Integration.Docker;

/// <summary>
/// Three real proxy-node processes over two real Docker daemons (<see cref="TwoHostCluster"/>):
/// every node routes to the containers of both daemons whichever node watches them; a watcher
/// killed under load costs no request and its containers serve until it is removed plus
/// cluster.removedgrace, and again once it is back; the seed leaving on SIGTERM costs no request.
/// </summary>
[Collection(IntegrationCollection.Name)]
public sealed class ClusterDockerTests(ITestOutputHelper output)
{
    private static readonly TimeSpan RemovedGrace = TimeSpan.FromSeconds(5);

    /// <summary>How late after removal + grace a node may still serve the removed node's route: one recompute, far less in practice.</summary>
    private static readonly TimeSpan DropSlack = TimeSpan.FromSeconds(1);

    [DockerFact(secondDaemon: true, Timeout = 120_000)]
    public async Task ThreeNodes_EachDaemonWatchedByOneNode_EveryNodeRoutesToContainersOfBoth()
    {
        DockerCli.RequireBoth();
        // StartAsync returns only once each node routed each host to both of its containers: that is the assertion.
        await using var cluster = await TwoHostCluster.StartAsync(output);

        // The view behind it: node1's API shows which daemon each member watches, connected.
        var expected = string.Join("; ", new[]
        {
            $"{cluster.Node1.NodeId}: {DockerCli.Endpoint} connected",
            $"{cluster.Node2.NodeId}: {DockerCli.EndpointB} connected",
            $"{cluster.Node3.NodeId}: ",
        }.Order(StringComparer.Ordinal));
        var seen = string.Empty;
        try
        {
            await Eventually.TrueAsync(
                async () =>
                {
                    seen = await DockerHostsAsync(cluster.Node1);
                    return seen == expected;
                },
                "node1's view of the members' Docker hosts",
                TimeSpan.FromSeconds(10));
        }
        catch (TimeoutException)
        {
            // The assertion below shows what was expected and what was seen last.
        }

        Assert.Equal(expected, seen);

        // A host no router matches is unknown on every node alike, the one without a provider included.
        foreach (var node in cluster.Nodes)
        {
            Assert.Equal(HttpStatusCode.NotFound, (await node.GetAsync($"nobody-{cluster.Id}.localhost")).Status);
        }
    }

    [DockerFact(secondDaemon: true, Timeout = 150_000)]
    public async Task Sigkill_WatcherOfB_NoFailedRequestAndBServedUntilRemovedPlusGraceThenAgainAfterRestart()
    {
        DockerCli.RequireBoth();
        string[] grace = [$"--cluster.removedgrace={RemovedGrace.TotalSeconds.ToString(CultureInfo.InvariantCulture)}s"];
        await using var cluster = await TwoHostCluster.StartAsync(output, node1Extra: grace, node3Extra: grace);
        var (node1, node2, node3) = (cluster.Node1, cluster.Node2, cluster.Node3);

        using var toA1 = node1.WebClientFor(cluster.HostA);
        using var toA3 = node3.WebClientFor(cluster.HostA);
        var load1 = LoadRun.Start(toA1, "/", total: 500_000, concurrency: 2, TimeSpan.FromSeconds(60), out var loading1);
        var load3 = LoadRun.Start(toA3, "/", total: 500_000, concurrency: 2, TimeSpan.FromSeconds(60), out var loading3);
        var polls = new List<Poll>();
        try
        {
            await cluster.EventuallyAsync(() => Task.FromResult(load1.Completed >= 200 && load3.Completed >= 200), "load before the kill", TimeSpan.FromSeconds(20));
            var clock = Stopwatch.StartNew();
            var killedAt = DateTimeOffset.UtcNow;
            await node2.KillAsync();

            // B's route through nodes 1 and 3, and node1's and node3's member lists, until both
            // answer 404 for a second (bounded: downing takes about 10 s, the grace 5 s more).
            var deadline = TimeSpan.FromSeconds(45);
            DateTimeOffset? bothGone = null;
            while (clock.Elapsed < deadline && (bothGone is null || DateTimeOffset.UtcNow - bothGone < TimeSpan.FromSeconds(1)))
            {
                polls.Add(await PollAsync(cluster, node1));
                polls.Add(await PollAsync(cluster, node3));
                if (bothGone is null
                    && polls.Any(p => p.Node == node1.Name && p.Status == HttpStatusCode.NotFound)
                    && polls.Any(p => p.Node == node3.Name && p.Status == HttpStatusCode.NotFound))
                {
                    bothGone = DateTimeOffset.UtcNow;
                }

                await Task.Delay(50);
            }

            load1.Stop();
            load3.Stop();
            await Task.WhenAll(loading1, loading3);

            output.WriteLine($"load to A's containers while node2 was killed, removed and its data dropped: through node1 {load1.Describe()}; through node3 {load3.Describe()}");
            var timeline = string.Join('\n', polls.GroupBy(p => p.Node).SelectMany(Changes).OrderBy(p => p.SentAt).Select(p => p.Describe(killedAt)));
            var context = $"polls where something changed (ms after the kill):\n{timeline}\n{cluster.Outputs()}";
            Assert.True(load1.Failures == 0 && load3.Failures == 0, $"failed requests to A: node1 {load1.Describe()}; node3 {load3.Describe()}\n{context}");
            Assert.True(load1.Backends.Count == 2 && load3.Backends.Count == 2, $"both A containers served: node1 {load1.Describe()}; node3 {load3.Describe()}");

            foreach (var node in new[] { node1, node3 })
            {
                var mine = polls.Where(p => p.Node == node.Name).ToList();
                Assert.True(
                    mine.All(p => (p.Status == HttpStatusCode.OK && cluster.ContainersB.Contains(p.Backend)) || p.Status == HttpStatusCode.NotFound),
                    $"{node.Name}: B's host answered only 200 from a B container or 404\n{context}");
                var removedAt = mine.Select(p => p.RemovedAt).FirstOrDefault(r => r is not null)
                    ?? throw new Xunit.Sdk.XunitException($"{node.Name} never listed node2 as removed\n{context}");
                var dropAt = removedAt + RemovedGrace;
                var early = mine.FirstOrDefault(p => p.Status != HttpStatusCode.OK && p.AnsweredAt < dropAt);
                Assert.True(early is null, $"{node.Name} stopped serving B at {early?.AnsweredAt:O}, before removal ({removedAt:O}) + grace\n{context}");
                var late = mine.FirstOrDefault(p => p.Status != HttpStatusCode.NotFound && p.SentAt > dropAt + DropSlack);
                Assert.True(late is null, $"{node.Name} still served B at {late?.SentAt:O}, after removal ({removedAt:O}) + grace + {DropSlack.TotalSeconds} s\n{context}");
                var first404 = (mine.FirstOrDefault(p => p.Status == HttpStatusCode.NotFound)
                    ?? throw new Xunit.Sdk.XunitException($"{node.Name} never answered 404 for B within {deadline.TotalSeconds} s of the kill\n{context}")).AnsweredAt;
                output.WriteLine(
                    $"{node.Name}: node2 removed {(removedAt - killedAt).TotalSeconds:F1} s after the SIGKILL; B's route 404 {(first404 - removedAt).TotalSeconds:F2} s after the removal (grace {RemovedGrace.TotalSeconds} s)");
            }

            // node1's member list named node2 as removed while the grace ran, and no longer as a member.
            Assert.Contains(polls, p => p.Node == node1.Name && p.RemovedAt is not null && !p.Member && p.Status == HttpStatusCode.OK);

            // Back on the same ports: a member again, and B's route served again through node1 and node3.
            var restart = Stopwatch.StartNew();
            node2.Start();
            await cluster.EventuallyAsync(async () => await node1.UpCountAsync() == 3, "node2 Up again in node1's view", TwoHostCluster.Formation);
            var rejoined = restart.Elapsed;
            await cluster.RoutesToAllAsync(node1, cluster.HostB, cluster.ContainersB, TwoHostCluster.Formation);
            await cluster.RoutesToAllAsync(node3, cluster.HostB, cluster.ContainersB, TwoHostCluster.Formation);
            output.WriteLine($"node2 restarted on the same ports: Up in node1's view after {rejoined.TotalSeconds:F1} s, B routed again through nodes 1 and 3 after {restart.Elapsed.TotalSeconds:F1} s");
            using var members = await node1.MembersAsync();
            Assert.Equal(0, members.RootElement.GetProperty("removed").GetArrayLength());
        }
        finally
        {
            // Workers still running when a step failed must not outlive the clients disposed after this.
            load1.Stop();
            load3.Stop();
            await Task.WhenAll(loading1, loading3).WaitAsync(TimeSpan.FromSeconds(40));
        }
    }

    [DockerFact(secondDaemon: true, Timeout = 120_000)]
    public async Task Sigterm_SeedWatchingA_NoFailedRequestThroughNode3AndExitCode0()
    {
        DockerCli.RequireBoth();
        await using var cluster = await TwoHostCluster.StartAsync(
            output,
            node1Extra: ["--lifecycle.requestacceptgracetimeout=1s", "--lifecycle.gracetimeout=10s"]);
        var (node1, node3) = (cluster.Node1, cluster.Node3);

        using var toA = node3.WebClientFor(cluster.HostA);
        using var toB = node3.WebClientFor(cluster.HostB);
        var loadA = LoadRun.Start(toA, "/", total: 200_000, concurrency: 2, TimeSpan.FromSeconds(45), out var loadingA);
        var loadB = LoadRun.Start(toB, "/", total: 200_000, concurrency: 2, TimeSpan.FromSeconds(45), out var loadingB);
        try
        {
            await cluster.EventuallyAsync(() => Task.FromResult(loadA.Completed >= 200 && loadB.Completed >= 200), "load before the signal", TimeSpan.FromSeconds(20));
            var clock = Stopwatch.StartNew();
            node1.Process.SendSigterm();
            var exitCode = await node1.Process.WaitForExitAsync(TimeSpan.FromSeconds(30));
            var exited = clock.Elapsed;
            await cluster.EventuallyAsync(async () => await RemovedAtAsync(node3, node1.NodeId) is not null, "node3 to list node1 as removed", TimeSpan.FromSeconds(20));
            var removed = clock.Elapsed;

            // A's containers, whose only watcher has gone, keep serving through node3 during the grace.
            var (a, b) = (loadA.Completed, loadB.Completed);
            await cluster.EventuallyAsync(() => Task.FromResult(loadA.Completed >= a + 500 && loadB.Completed >= b + 500), "load after node1 was removed", TimeSpan.FromSeconds(20));
            loadA.Stop();
            loadB.Stop();
            await Task.WhenAll(loadingA, loadingB);

            output.WriteLine($"SIGTERM to node1 (seed, watcher of A): exited with {exitCode} after {exited.TotalSeconds:F1} s; removed in node3's view after {removed.TotalSeconds:F1} s");
            output.WriteLine($"through node3 to A: {loadA.Describe()}");
            output.WriteLine($"through node3 to B: {loadB.Describe()}");
            Assert.True(exitCode == 0, $"node1 exited with {exitCode}\n{cluster.Outputs()}");
            Assert.True(loadA.Failures == 0 && loadB.Failures == 0, $"failed requests: A {loadA.Describe()}; B {loadB.Describe()}\n{cluster.Outputs()}");
            Assert.Equal(2, loadA.Backends.Count);
            Assert.Equal(2, loadB.Backends.Count);
        }
        finally
        {
            loadA.Stop();
            loadB.Stop();
            await Task.WhenAll(loadingA, loadingB).WaitAsync(TimeSpan.FromSeconds(40));
        }
    }

    /// <summary>Each member's watched Docker hosts as a node's API shows them: "host:port: endpoint connected; ...", in ordinal order.</summary>
    private static async Task<string> DockerHostsAsync(ClusterMember node)
    {
        using var members = await node.MembersAsync();
        return string.Join("; ", members.RootElement.GetProperty("members").EnumerateArray()
            .Select(m => (
                Node: m.GetProperty("node").GetString()!.Replace("akka.tcp://proxy@", string.Empty, StringComparison.Ordinal),
                Hosts: m.GetProperty("proxy") is { ValueKind: JsonValueKind.Object } proxy
                    ? string.Join(", ", proxy.GetProperty("dockerHosts").EnumerateArray()
                        .Select(h => $"{h.GetProperty("endpoint").GetString()} {(h.GetProperty("connected").GetBoolean() ? "connected" : "disconnected")}"))
                    : "(no proxy view)"))
            .Select(m => $"{m.Node}: {m.Hosts}")
            .Order(StringComparer.Ordinal));
    }

    /// <summary>A node's first poll and each one that saw something different from the poll before it.</summary>
    private static IEnumerable<Poll> Changes(IEnumerable<Poll> polls)
    {
        Poll? previous = null;
        foreach (var poll in polls)
        {
            if (previous is null || poll.Status != previous.Status || (poll.Backend is null) != (previous.Backend is null)
                || poll.RemovedAt != previous.RemovedAt || poll.Member != previous.Member)
            {
                yield return poll;
            }

            previous = poll;
        }
    }

    private static async Task<Poll> PollAsync(TwoHostCluster cluster, ClusterMember node)
    {
        var sent = DateTimeOffset.UtcNow;
        var (status, backend) = await node.GetAsync(cluster.HostB);
        var answered = DateTimeOffset.UtcNow;
        using var members = await node.MembersAsync();
        var member = members.RootElement.GetProperty("members").EnumerateArray()
            .Any(m => m.GetProperty("node").GetString() == $"akka.tcp://proxy@{cluster.Node2.NodeId}");
        return new Poll(node.Name, sent, answered, status, backend, RemovedAt(members, cluster.Node2.NodeId), member);
    }

    private static async Task<DateTimeOffset?> RemovedAtAsync(ClusterMember node, string removed)
    {
        using var members = await node.MembersAsync();
        return RemovedAt(members, removed);
    }

    private static DateTimeOffset? RemovedAt(JsonDocument members, string node) =>
        members.RootElement.GetProperty("removed").EnumerateArray()
            .Where(r => r.GetProperty("node").GetString() == node)
            .Select(r => (DateTimeOffset?)r.GetProperty("removedAt").GetDateTimeOffset())
            .FirstOrDefault();

    /// <summary>One look at B's route and the member list through one node.</summary>
    private sealed record Poll(string Node, DateTimeOffset SentAt, DateTimeOffset AnsweredAt, HttpStatusCode Status, string? Backend, DateTimeOffset? RemovedAt, bool Member)
    {
        public string Describe(DateTimeOffset origin) =>
            $"{(SentAt - origin).TotalMilliseconds,7:F0} {Node} B:{(int)Status} from:{Backend ?? "-"} member:{Member} removedAt:{(RemovedAt is { } r ? $"{(r - origin).TotalMilliseconds:F0}" : "-")}";
    }
}
