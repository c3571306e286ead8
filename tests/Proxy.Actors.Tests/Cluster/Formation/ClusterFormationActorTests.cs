using System.Net;
using Akka.Actor;
using Akka.Cluster;
using Akka.Configuration;
using Akka.TestKit.Xunit2;
using Proxy.Actors.Cluster;
using Proxy.Actors.Cluster.Formation;
using Xunit;
using Xunit.Abstractions;

namespace Proxy.Actors.Tests.Cluster.Formation;

/// <summary>
/// The formation actor on one real cluster member that has not joined anything, with a scripted lookup
/// standing in for the DNS server (the real one, dnsmasq, is in the node's integration tests): it keeps
/// retrying a name that does not resolve but logs it once, and once it has formed its cluster it stops
/// looking the name up.
/// </summary>
public sealed class ClusterFormationActorTests(ITestOutputHelper output)
    : TestKit(ActorSystem.Create("proxy", ConfigurationFactory.ParseString("""
        akka.actor.provider = cluster
        akka.loglevel = INFO
        akka.loggers = ["Akka.TestKit.TestEventListener, Akka.TestKit"]
        akka.remote.dot-netty.tcp.hostname = 127.0.0.1
        akka.remote.dot-netty.tcp.port = 0
        """).WithFallback(ClusterSerializationConfig.Config)), output)
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(100);

    private ContactPoint Self => new(IPAddress.Loopback, Akka.Cluster.Cluster.Get(Sys).SelfAddress.Port!.Value);

    private FormationSettings Settings => new(Self, "akka.tcp", Sys.Name, TimeSpan.FromMilliseconds(300)) { Interval = Interval };

    [Fact]
    public void LookupFails_EveryRound_RetriedButLoggedOnce()
    {
        var resolver = new ScriptedResolver(() => ContactPointLookup.Failed("proxy.test does not exist (NXDOMAIN) at 127.0.0.1:5353"));
        var status = FormationStatusCell.Get(Sys);

        // Ten rounds, each one failing the same way: one warning, counted once the rounds are over.
        EventFilter.Warning(contains: "does not exist (NXDOMAIN)").Expect(1, TimeSpan.FromSeconds(5), () =>
        {
            Sys.ActorOf(ClusterFormationActor.Props(Settings, resolver, TimeProvider.System, status));
            AwaitCondition(() => resolver.Lookups >= 10, TimeSpan.FromSeconds(5));
        });

        Assert.Equal("cluster formation through dns:proxy.test:4040: proxy.test does not exist (NXDOMAIN) at 127.0.0.1:5353", status.Current?.ToString());
        Assert.NotEqual(MemberStatus.Up, Akka.Cluster.Cluster.Get(Sys).SelfMember.Status);
    }

    [Fact]
    public void OnlyAddressIsItsOwnByDefault_KeepsLookingUpWithoutFormingSayingSo()
    {
        var resolver = new ScriptedResolver(() => ContactPointLookup.Found([Self]));
        var status = FormationStatusCell.Get(Sys);
        Sys.ActorOf(ClusterFormationActor.Props(Settings, resolver, TimeProvider.System, status));

        // Well past the 300 ms margin: still asking, never Up.
        AwaitCondition(() => resolver.Lookups >= 10, TimeSpan.FromSeconds(5));

        Assert.Contains("1 of the 2 addresses required to form a new cluster answered", status.Current?.ToString(), StringComparison.Ordinal);
        Assert.NotEqual(MemberStatus.Up, Akka.Cluster.Cluster.Get(Sys).SelfMember.Status);
    }

    [Fact]
    public void OnlyAddressIsItsOwnWithOneRequired_FormsItsClusterThenStopsLookingUp()
    {
        var resolver = new ScriptedResolver(() => ContactPointLookup.Found([Self]));
        var status = FormationStatusCell.Get(Sys);
        var formation = Sys.ActorOf(ClusterFormationActor.Props(Settings with { RequiredContactPoints = 1 }, resolver, TimeProvider.System, status));
        Watch(formation);

        ExpectTerminated(formation, TimeSpan.FromSeconds(10));
        var lookups = resolver.Lookups;

        Assert.Equal(MemberStatus.Up, Akka.Cluster.Cluster.Get(Sys).SelfMember.Status);
        Assert.Null(status.Current);
        ExpectNoMsg(TimeSpan.FromMilliseconds(500));
        Assert.Equal(lookups, resolver.Lookups);
    }

    [Fact]
    public void ProbeOfAMemberNotYetJoined_AnsweredWithNoMembers()
    {
        Sys.ActorOf(FormationProbeActor.Props(), FormationProbeActor.Name);

        Sys.ActorSelection($"/user/{FormationProbeActor.Name}").Tell(FormationProbe.Instance, TestActor);

        var answer = ExpectMsg<FormationProbeResult>();
        Assert.False(answer.IsMember);
        Assert.Equal(Akka.Cluster.Cluster.Get(Sys).SelfAddress.ToString(), answer.Responder);
    }

    [Fact]
    public void PeerAnswersWithMembersThatAreNotAddresses_CountedAsNotAMemberWithoutError()
    {
        // The stranger on 127.0.0.2 is above this node: this node forms only once the stranger's answer
        // counted as "not a member"; had the garbage counted as members, parsing them would have thrown.
        using var stranger = ActorSystem.Create("proxy", On("127.0.0.2"));
        stranger.ActorOf(Props.Create(() => new GarbageProbeActor()), FormationProbeActor.Name);
        var strangerPoint = PointOf(stranger);
        var resolver = new ScriptedResolver(() => ContactPointLookup.Found([Self, strangerPoint]));
        var status = FormationStatusCell.Get(Sys);

        EventFilter.Exception<Exception>().Expect(0, TimeSpan.FromSeconds(3), () =>
        {
            var formation = Sys.ActorOf(ClusterFormationActor.Props(Settings, resolver, TimeProvider.System, status));
            Watch(formation);
            ExpectTerminated(formation, TimeSpan.FromSeconds(10));
        });

        Assert.Equal(MemberStatus.Up, Akka.Cluster.Cluster.Get(Sys).SelfMember.Status);
        Assert.Null(status.Current);
    }

    [Fact]
    public void HigherAddressIsJoiningItself_LowerNodeJoinsItsClusterInsteadOfFormingAnother()
    {
        // 127.0.0.2 has joined itself but stays Joining (it waits for a second member), the window between
        // Join(self) and Up. This node, 127.0.0.1, is the lowest and sees every address answer: it must join.
        using var forming = ActorSystem.Create("proxy", ConfigurationFactory.ParseString("akka.cluster.min-nr-of-members = 2").WithFallback(On("127.0.0.2")));
        forming.ActorOf(FormationProbeActor.Props(), FormationProbeActor.Name);
        var formingCluster = Akka.Cluster.Cluster.Get(forming);
        formingCluster.Join(formingCluster.SelfAddress);
        AwaitCondition(() => formingCluster.SelfMember.Status == MemberStatus.Joining, TimeSpan.FromSeconds(5));
        var resolver = new ScriptedResolver(() => ContactPointLookup.Found([Self, PointOf(forming)]));
        var formation = Sys.ActorOf(ClusterFormationActor.Props(Settings, resolver, TimeProvider.System, FormationStatusCell.Get(Sys)));
        Watch(formation);

        ExpectTerminated(formation, TimeSpan.FromSeconds(15));

        Assert.Contains(Akka.Cluster.Cluster.Get(Sys).State.Members, m => m.Address.Equals(formingCluster.SelfAddress));
    }

    [Fact]
    public async Task SeedsItJoinsDisappear_AfterTheJoinDeadlineDecidesAgainAndForms()
    {
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UtcNow);
        using var ghost = ActorSystem.Create("proxy", On("127.0.0.2"));
        ghost.ActorOf(Props.Create(() => new GhostMemberProbeActor()), FormationProbeActor.Name);
        var ghostPoint = PointOf(ghost);
        var points = new[] { Self, ghostPoint };
        var resolver = new ScriptedResolver(() => ContactPointLookup.Found(Volatile.Read(ref points)));
        var status = FormationStatusCell.Get(Sys);
        // One required: once the ghost is gone the node sees only itself, and forming alone is what is tested.
        var formation = Sys.ActorOf(ClusterFormationActor.Props(Settings with { RequiredContactPoints = 1 }, resolver, clock, status));
        Watch(formation);
        AwaitCondition(() => status.Current?.State == $"joining the cluster of {GhostMemberProbeActor.Member}", TimeSpan.FromSeconds(10));

        // The only member it was told of is gone, and so is the address that told it.
        await ghost.Terminate();
        Volatile.Write(ref points, [Self]);
        var seen = resolver.Lookups;
        AwaitCondition(() => resolver.Lookups >= seen + 2, TimeSpan.FromSeconds(5));
        clock.Advance(TimeSpan.FromSeconds(10));

        ExpectTerminated(formation, TimeSpan.FromSeconds(15));
        Assert.Equal(MemberStatus.Up, Akka.Cluster.Cluster.Get(Sys).SelfMember.Status);
        Assert.Null(status.Current);
    }

    private Config On(string host) =>
        ConfigurationFactory.ParseString($"akka.remote.dot-netty.tcp.hostname = {host}").WithFallback(Sys.Settings.Config);

    private static ContactPoint PointOf(ActorSystem system)
    {
        var address = Akka.Cluster.Cluster.Get(system).SelfAddress;
        return new ContactPoint(IPAddress.Parse(address.Host!), address.Port!.Value);
    }

    /// <summary>Says it belongs to a cluster whose only member listens nowhere (port 1): a join through it never completes.</summary>
    private sealed class GhostMemberProbeActor : ReceiveActor
    {
        public const string Member = "akka.tcp://proxy@127.0.0.1:1";

        public GhostMemberProbeActor() =>
            Receive<FormationProbe>(_ => Sender.Tell(new FormationProbeResult("akka.tcp://proxy@127.0.0.2:1", [Member])));
    }

    private sealed class GarbageProbeActor : ReceiveActor
    {
        public GarbageProbeActor() =>
            Receive<FormationProbe>(_ => Sender.Tell(new FormationProbeResult("stranger", ["not an address", "akka.tcp://"])));
    }

    private sealed class ScriptedResolver(Func<ContactPointLookup> next) : IContactPointResolver
    {
        private int _lookups;

        public int Lookups => Volatile.Read(ref _lookups);

        public string Describe => "dns:proxy.test:4040";

        public Task<ContactPointLookup> LookupAsync(CancellationToken cancellation)
        {
            Interlocked.Increment(ref _lookups);
            return Task.FromResult(next());
        }
    }
}
