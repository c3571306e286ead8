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
    public void OnlyAddressIsItsOwn_FormsItsClusterThenStopsLookingUp()
    {
        var resolver = new ScriptedResolver(() => ContactPointLookup.Found([Self]));
        var status = FormationStatusCell.Get(Sys);
        var formation = Sys.ActorOf(ClusterFormationActor.Props(Settings, resolver, TimeProvider.System, status));
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
        using var stranger = ActorSystem.Create("proxy", Sys.Settings.Config);
        stranger.ActorOf(Props.Create(() => new GarbageProbeActor()), FormationProbeActor.Name);
        var strangerPoint = new ContactPoint(IPAddress.Loopback, Akka.Cluster.Cluster.Get(stranger).SelfAddress.Port!.Value);
        var resolver = new ScriptedResolver(() => ContactPointLookup.Found([Self, strangerPoint]));
        var status = FormationStatusCell.Get(Sys);

        // Had the garbage counted as members, the actor would have thrown parsing them as Akka addresses.
        EventFilter.Exception<Exception>().Expect(0, TimeSpan.FromSeconds(3), () =>
        {
            Sys.ActorOf(ClusterFormationActor.Props(Settings, resolver, TimeProvider.System, status));
            AwaitCondition(() => status.Current is null || status.Current.State.Contains("waiting for", StringComparison.Ordinal), TimeSpan.FromSeconds(10));
        });

        Assert.DoesNotContain("joining", status.Current?.State ?? "", StringComparison.Ordinal);
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
