using System.Diagnostics;
using Akka.Actor;
using Akka.Cluster;
using Akka.Configuration;
using Akka.TestKit.Xunit2;
using Proxy.Actors.Cluster;
using Proxy.Actors.RateLimiting;
using Xunit;
using Xunit.Abstractions;

namespace Proxy.Actors.Tests.RateLimiting;

/// <summary>
/// Three real actor systems on 127.0.0.1 in one Akka cluster on the node's cluster.hocon, each running its
/// <see cref="RateLimiterActor"/> and <see cref="ClusterLimiter"/> as a node does. <see cref="Nodes"/>[0] is
/// the TestKit's own system and the seed.
/// </summary>
public abstract class LimiterClusterKit : TestKit
{
    private const string SystemName = "proxy";
    private readonly List<ActorSystem> _systems = [];

    protected LimiterClusterKit(ITestOutputHelper output, ClusterLimiterSettings? settings = null)
        : base(ActorSystem.Create(SystemName, NodeConfig()), output)
    {
        var formation = Stopwatch.StartNew();
        try
        {
            Nodes = [Start(Sys, settings), Start(ActorSystem.Create(SystemName, NodeConfig()), settings), Start(ActorSystem.Create(SystemName, NodeConfig()), settings)];
            foreach (var node in Nodes)
            {
                AwaitAssert(() => Assert.Equal(3, node.Limiter.Members.Count), TimeSpan.FromSeconds(20));
            }
        }
        catch
        {
            AfterAll();
            throw;
        }

        output.WriteLine($"three limiter nodes Up in {formation.ElapsedMilliseconds:N0} ms");
    }

    protected IReadOnlyList<LimiterNode> Nodes { get; }

    protected override void AfterAll()
    {
        base.AfterAll();
        Task.WaitAll([.. _systems.Where(s => s != Sys).Select(s => s.Terminate())], TimeSpan.FromSeconds(10));
    }

    private LimiterNode Start(ActorSystem system, ClusterLimiterSettings? settings)
    {
        _systems.Add(system);
        var cluster = Akka.Cluster.Cluster.Get(system);
        cluster.Join(system == Sys ? cluster.SelfAddress : Akka.Cluster.Cluster.Get(Sys).SelfAddress);
        var limiter = new ClusterLimiter(system, cluster.SelfAddress.ToString(), TimeProvider.System, settings ?? ClusterLimiterSettings.Default);
        system.ActorOf(RateLimiterActor.Props(limiter, TimeProvider.System), ClusterLimiter.ActorName);
        return new LimiterNode(system, limiter);
    }

    private static Config NodeConfig() =>
        ConfigurationFactory.ParseString("""
            akka.loglevel = WARNING
            akka.stdout-loglevel = WARNING
            akka.remote.dot-netty.tcp.hostname = 127.0.0.1
            akka.remote.dot-netty.tcp.port = 0
            akka.remote.log-remote-lifecycle-events = off
            akka.coordinated-shutdown.run-by-actor-system-terminate = off
            """)
            .WithFallback(ConfigurationFactory.ParseString(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "cluster.hocon"))))
            .WithFallback(ClusterSerializationConfig.Config);
}

/// <summary>One node: its actor system and the limiter its handlers would use.</summary>
public sealed record LimiterNode(ActorSystem System, ClusterLimiter Limiter)
{
    public string Address => Limiter.Self;
}
