using System.Collections.Immutable;
using Akka.Actor;
using Akka.DistributedData;
using Akka.Event;
using Proxy.Actors.Certificates;
using Proxy.Actors.Certificates.Acme;
using Proxy.Actors.Certificates.Resolving;
using Proxy.Actors.Cluster;
using Proxy.Actors.Configuration.Validation;
using Proxy.Actors.Model.Config;
using Proxy.Actors.Tests.Certificates.State;
using Proxy.Actors.Tests.Cluster;
using Proxy.Actors.Tls;
using Xunit;
using Xunit.Abstractions;

namespace Proxy.Actors.Tests.Certificates.Resolving;

/// <summary>
/// Three nodes, each with its ACME state actor and its follower of the router problems over its own
/// status cell, as a node runs them: what the ordering singleton reports on one node is shown by every
/// node's API, and goes away everywhere when the singleton says it has.
/// </summary>
[Collection(Name)]
public sealed class AcmeRouterProblemsClusterTests : ClusterTestKit
{
    private const string StorageFile = "/data/acme.json";
    private const string Domain = "unreachable-ca.acme.test";
    private const string Router = "shop@docker";

    private readonly (SharingNode Node, IActorRef State, IActorRef Problems)[] _nodes;

    public AcmeRouterProblemsClusterTests(ITestOutputHelper output)
        : base(output)
    {
        _nodes = [.. new[] { A, B, C }.Select(node => (
            node,
            node.System.ActorOf(AcmeStateActor.Props(AcmeStateSettings.Default, MemoryAcmeStorage.Resolvers(StorageFile, "ca"), new MemoryAcmeStorage(), TimeProvider.System), "acme-state"),
            node.System.ActorOf(AcmeRouterProblemsActor.Props(AcmeStateSettings.Default, AcmeRouterStatusCell.Get(node.System)), "acme-router-problems")))];
    }

    [Fact]
    public void Order_FailsOnTheSingletonsNode_ShownOnTheOthersAndClearedThereOnceTheCertificateIsObtained()
    {
        var warnings = CreateTestProbe(B.System);
        B.System.EventStream.Subscribe(warnings.Ref, typeof(Warning));
        StartOrdering(_nodes[0]);
        Configure(A, withRouter: true);

        // The CA refuses connections: the first order fails at its first request.
        foreach (var node in new[] { B, C })
        {
            AwaitAssert(
                () => Assert.Contains(
                    $"certificate resolver ca could not obtain a certificate for {Domain} (1 failure in a row",
                    Assert.Single(AcmeRouterStatusCell.Get(node.System).Current[Router]),
                    StringComparison.Ordinal),
                TimeSpan.FromSeconds(15));
        }

        var logged = warnings.FishForMessage<Warning>(w => w.Message.ToString()!.Contains(Router, StringComparison.Ordinal), Propagation);
        Assert.Contains("could not obtain a certificate", logged.Message.ToString(), StringComparison.Ordinal);
        Assert.Contains(ClusterNode.Id(A.Cluster.SelfAddress), logged.Message.ToString(), StringComparison.Ordinal);

        // Obtained (as a successful order stores it): the singleton's next pass finds it covered.
        _nodes[0].State.Tell(new StoreAcmeCertificate(AcmeSamples.Certificate("ca", "chain", DateTimeOffset.UtcNow.AddDays(90), Domain)));
        ExpectMsg<AcmeStateWritten>(Propagation);

        foreach (var node in new[] { A, B, C })
        {
            AwaitAssert(() => Assert.Empty(AcmeRouterStatusCell.Get(node.System).Current), Propagation);
        }
    }

    [Fact]
    public void Order_FailedDemandGoesAway_ClearedOnEveryNode()
    {
        StartOrdering(_nodes[0]);
        Configure(A, withRouter: true);
        AwaitAssert(() => Assert.True(AcmeRouterStatusCell.Get(B.System).Current.ContainsKey(Router)), TimeSpan.FromSeconds(15));

        Configure(A, withRouter: false);

        foreach (var node in new[] { A, B, C })
        {
            AwaitAssert(() => Assert.Empty(AcmeRouterStatusCell.Get(node.System).Current), Propagation);
        }
    }

    [Fact]
    public void Publish_SingletonMovesToAnotherNode_ItsListReplacesTheOldOneEverywhereAndEachProblemIsLoggedOnce()
    {
        var warnings = CreateTestProbe(C.System);
        C.System.EventStream.Subscribe(warnings.Ref, typeof(Warning));
        var first = new AcmeRouterProblem("a@file", "first problem");
        _nodes[0].Problems.Tell(new PublishAcmeRouterProblems([first]));
        AwaitShown(["first problem"], "a@file");
        warnings.FishForMessage<Warning>(w => w.Message.ToString()!.Contains("first problem", StringComparison.Ordinal), Propagation);

        // A stops ordering without a word (its node died); B's singleton starts and reports what it sees.
        _nodes[1].Problems.Tell(new PublishAcmeRouterProblems([first, new AcmeRouterProblem("b@file", "second problem")]));

        AwaitShown(["first problem"], "a@file");
        AwaitShown(["second problem"], "b@file");
        var seen = new List<string>();
        warnings.FishForMessage<Warning>(
            w =>
            {
                seen.Add(w.Message.ToString()!);
                return w.Message.ToString()!.Contains("second problem", StringComparison.Ordinal);
            },
            Propagation);
        Assert.DoesNotContain(seen, m => m.Contains("first problem", StringComparison.Ordinal));

        // The old singleton's list, the same as before, does not come back on its own: only B writes now.
        _nodes[1].Problems.Tell(new PublishAcmeRouterProblems([]));
        foreach (var node in new[] { A, B, C })
        {
            AwaitAssert(() => Assert.Empty(AcmeRouterStatusCell.Get(node.System).Current), Propagation);
        }

        // A takes the singleton back with the list it had written before: written again, not taken as already there.
        _nodes[0].Problems.Tell(new PublishAcmeRouterProblems([first]));
        AwaitShown(["first problem"], "a@file");
    }

    [Fact]
    public async Task Follow_WritersNodeLeavesAndNoSuccessorWrites_NotShownAnyMore()
    {
        _nodes[0].Problems.Tell(new PublishAcmeRouterProblems([new AcmeRouterProblem("a@file", "problem of a singleton that left")]));
        AwaitShown(["problem of a singleton that left"], "a@file");

        // A was the only node able to run the singleton: nobody writes a list after it.
        await LeaveAsync(A);

        foreach (var node in new[] { B, C })
        {
            AwaitAssert(() => Assert.Empty(AcmeRouterStatusCell.Get(node.System).Current), Formation);
        }
    }

    [Fact]
    public void Follow_ValueInAFormatThisNodeDoesNotRead_ClearLogLineNothingShownAndTheNextValueRead()
    {
        var warnings = CreateTestProbe(A.System);
        A.System.EventStream.Subscribe(warnings.Ref, typeof(Warning));
        _nodes[1].Problems.Tell(new PublishAcmeRouterProblems([new AcmeRouterProblem("a@file", "older problem")]));
        AwaitShown(["older problem"], "a@file");

        // As a node of a newer build writes it: gossiped as its bytes, which A reads in its own format only.
        var newer = AcmeRouterProblemsEntry.Refused(new RefusedConfig("written by a test", [ProxySerializer.FormatVersion + 1, 1, 2, 3]));
        var self = C.Cluster.SelfUniqueAddress;
        DistributedData.Get(C.System).Replicator.Tell(Dsl.Update(
            AcmeReplicationKeys.RouterProblems, new LWWRegister<AcmeRouterProblemsEntry>(self, newer), WriteLocal.Instance, null, r => r.WithValue(self, newer)));

        var logged = warnings.FishForMessage<Warning>(w => w.Message.ToString()!.Contains("cannot read", StringComparison.Ordinal), Propagation);
        Assert.Contains($"format version {ProxySerializer.FormatVersion + 1}; this node reads version {ProxySerializer.FormatVersion}", logged.Message.ToString(), StringComparison.Ordinal);
        AwaitAssert(() => Assert.Empty(AcmeRouterStatusCell.Get(A.System).Current), Propagation);

        _nodes[1].Problems.Tell(new PublishAcmeRouterProblems([new AcmeRouterProblem("a@file", "newer problem")]));
        AwaitShown(["newer problem"], "a@file");
    }

    private void AwaitShown(string[] messages, string router)
    {
        foreach (var node in new[] { A, B, C })
        {
            AwaitAssert(() => Assert.Equal(messages, AcmeRouterStatusCell.Get(node.System).Current.GetValueOrDefault(router).ToArray()), Propagation);
        }
    }

    private void StartOrdering((SharingNode Node, IActorRef State, IActorRef Problems) on)
    {
        var settings = new AcmeResolverSettings(
            "ca", "ops@example.com", new Uri($"http://127.0.0.1:{FreePort()}/dir"), StorageFile, AcmeKeyType.EC256, "web", false, AcmeResolverSettings.DefaultCertificatesDuration, []);
        on.Node.System.ActorOf(AcmeOrderingActor.Props(
            ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, [KeyValuePair.Create(settings.Name, settings)]),
            on.State,
            _ => new HttpClient { Timeout = TimeSpan.FromSeconds(5) },
            on.Problems,
            on.Node.Id,
            AcmeOrderSettings.Default,
            TimeProvider.System));
    }

    /// <summary>As the configuration actor publishes it; <paramref name="withRouter"/> false: the router left.</summary>
    private static void Configure(SharingNode node, bool withRouter)
    {
        var changed = new TlsConfigurationChanged(ValidatedTls.Empty,
            withRouter ? [new TlsRouterDemand(Router, ["websecure"], new RouterTlsConfig("ca", [], null), [Domain])] : []);
        TlsConfigurationCell.Get(node.System).Publish(changed);
        node.System.EventStream.Publish(changed);
    }
}
