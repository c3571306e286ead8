using System.Collections.Immutable;
using System.Diagnostics;
using System.Net;
using Akka.Actor;
using Akka.Cluster;
using Akka.Configuration;
using Akka.DistributedData;
using Akka.TestKit;
using Akka.TestKit.Xunit2;
using Proxy.Actors.Cluster;
using Proxy.Tests.Ports;
using Xunit;
using Xunit.Abstractions;

namespace Proxy.Actors.Tests.Cluster;

/// <summary>
/// Three real actor systems on 127.0.0.1 in one Akka cluster, on the node's own cluster.hocon
/// (frame size, DistributedData intervals, keep-majority), each running the shared configuration
/// and health actors with a probe standing in for its configuration actor. <see cref="A"/> is the
/// TestKit's own system and the seed; the others join it. Every node's sharing actors run on one
/// clock: the wall clock, or a fake one a test advances past a grace or an expiry.
/// </summary>
public abstract class ClusterTestKit : TestKit
{
    /// <summary>
    /// The collection of every class built on this one: clusters measure propagation times, so
    /// they run one at a time, after the parallel tests.
    /// </summary>
    public const string Name = "in-process cluster";

    protected static readonly TimeSpan Formation = TimeSpan.FromSeconds(20);

    /// <summary>How long a write on one node may take to reach the others' actors in these tests.</summary>
    protected static readonly TimeSpan Propagation = TimeSpan.FromSeconds(5);

    private const string SystemName = "proxy";

    private readonly List<ActorSystem> _started = [];
    private readonly SharingSettings _sharing;
    private readonly TimeProvider _time;

    // A's system is built here, not from a Config given to the TestKit, which would lay its own
    // DEBUG logging over ours. A logs at INFO into the test output: the sharing actors' notices.
    protected ClusterTestKit(ITestOutputHelper output, SharingSettings? sharing = null, TimeProvider? time = null)
        : base(ActorSystem.Create(SystemName, NodeConfig(port: 0, loglevel: "INFO")), output)
    {
        _sharing = sharing ?? SharingSettings.Default;
        _time = time ?? TimeProvider.System;
        var formation = Stopwatch.StartNew();
        try
        {
            A = Start(Sys);
            B = Start(ActorSystem.Create(SystemName, NodeConfig(port: 0)));
            C = Start(ActorSystem.Create(SystemName, NodeConfig(port: 0)));
            AwaitUp(A, B, C);
        }
        catch
        {
            // xunit disposes nothing whose constructor threw.
            AfterAll();
            throw;
        }

        output.WriteLine($"three nodes Up in {formation.ElapsedMilliseconds:N0} ms");
    }

    protected SharingNode A { get; }

    protected SharingNode B { get; }

    protected SharingNode C { get; }

    /// <summary>Another node on <paramref name="port"/> (0: any), joined to <see cref="A"/>.</summary>
    protected SharingNode StartNode(int port = 0) => Start(ActorSystem.Create(SystemName, NodeConfig(port)));

    /// <summary>
    /// A member on <paramref name="port"/> with no sharing actors, joined to <see cref="A"/>: a test
    /// writes its keys itself, as a node of another build would write them.
    /// </summary>
    protected SharingNode StartBareNode(int port)
    {
        var system = ActorSystem.Create(SystemName, NodeConfig(port));
        _started.Add(system);
        var cluster = Akka.Cluster.Cluster.Get(system);
        cluster.Join(Akka.Cluster.Cluster.Get(Sys).SelfAddress);
        return new SharingNode(system, ClusterNode.Id(cluster.SelfAddress), ActorRefs.Nobody, CreateTestProbe(system, "configuration"));
    }

    /// <summary>Waits until every node sees exactly these nodes, all Up.</summary>
    protected void AwaitUp(params SharingNode[] nodes)
    {
        var expected = nodes.Select(n => n.Cluster.SelfAddress).OrderBy(a => a.ToString(), StringComparer.Ordinal).ToList();
        foreach (var node in nodes)
        {
            AwaitAssert(
                () => Assert.Equal(
                    expected,
                    node.Cluster.State.Members.Where(m => m.Status == MemberStatus.Up).Select(m => m.Address).OrderBy(a => a.ToString(), StringComparer.Ordinal)),
                Formation);
        }
    }

    /// <summary>Leaves gracefully (as on SIGTERM) and stops the node once the cluster has removed it.</summary>
    protected static async Task LeaveAsync(SharingNode node)
    {
        await node.Cluster.LeaveAsync().WaitAsync(Formation);
        await node.System.Terminate().WaitAsync(Formation);
    }

    /// <summary>The keys <paramref name="node"/>'s replicator holds, deleted ones left out.</summary>
    protected static async Task<IImmutableSet<string>> KeysAsync(SharingNode node) =>
        (await DistributedData.Get(node.System).Replicator.Ask<GetKeysIdsResult>(GetKeyIds.Instance, Propagation)).Keys;

    /// <summary>Every key the current run of each of <paramref name="nodes"/> writes.</summary>
    protected static ImmutableSortedSet<string> KeysOf(params SharingNode[] nodes) =>
        [.. nodes.SelectMany(n => RunKeys.All(n.Cluster.SelfUniqueAddress)).Select(k => k.Id)];

    /// <summary>Waits until each of <paramref name="nodes"/> holds exactly <paramref name="expected"/>.</summary>
    protected async Task AwaitKeysAsync(IReadOnlyCollection<string> expected, params SharingNode[] nodes)
    {
        foreach (var node in nodes)
        {
            await AwaitAssertAsync(async () => Assert.Equal(expected, (await KeysAsync(node)).Order(StringComparer.Ordinal)), Propagation);
        }
    }

    /// <summary>
    /// A port on 127.0.0.1 that nothing listens on, for a node that must come back on the same address;
    /// outside the ephemeral range, so the other nodes' remoting ports (bound as 0) cannot take it.
    /// </summary>
    protected static int FreePort() => TestPorts.Next(IPAddress.Loopback);

    protected override void AfterAll()
    {
        // A (the TestKit's own system) first: then the others' complaints about a vanished peer
        // go to their stdout, not into the test's output.
        base.AfterAll();
        Task.WaitAll([.. _started.Where(s => s != Sys).Select(s => s.Terminate())], TimeSpan.FromSeconds(10));
    }

    private SharingNode Start(ActorSystem system)
    {
        _started.Add(system);
        var cluster = Akka.Cluster.Cluster.Get(system);
        cluster.Join(system == Sys ? cluster.SelfAddress : Akka.Cluster.Cluster.Get(Sys).SelfAddress);
        var configuration = CreateTestProbe(system, "configuration");
        var health = system.ActorOf(SharedHealthActor.Props(_sharing, _time), "shared-health");
        var config = system.ActorOf(SharedConfigActor.Props(configuration.Ref, health, _sharing, _time), "shared-config");
        return new SharingNode(system, ClusterNode.Id(cluster.SelfAddress), config, configuration);
    }

    private static Config NodeConfig(int port, string loglevel = "WARNING") =>
        ConfigurationFactory.ParseString($"""
            akka.loglevel = {loglevel}
            akka.stdout-loglevel = WARNING
            akka.remote.dot-netty.tcp.hostname = 127.0.0.1
            akka.remote.dot-netty.tcp.port = {port}
            akka.remote.log-remote-lifecycle-events = off
            # A test ends by stopping every node at once: none waits to leave a cluster that is going away.
            # Tests that need a node to leave make it leave first.
            akka.coordinated-shutdown.run-by-actor-system-terminate = off
            """)
            .WithFallback(ConfigurationFactory.ParseString(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "cluster.hocon"))))
            .WithFallback(ClusterSerializationConfig.Config);
}

/// <summary>
/// One node: its system, its id in shared data, its <see cref="SharedConfigActor"/> (which the
/// providers would tell) and the probe that receives what it tells the configuration actor.
/// </summary>
public sealed record SharingNode(ActorSystem System, string Id, IActorRef SharedConfig, TestProbe Configuration)
{
    public Akka.Cluster.Cluster Cluster => Akka.Cluster.Cluster.Get(System);
}

[CollectionDefinition(ClusterTestKit.Name, DisableParallelization = true)]
public sealed class InProcessClusterCollection;
