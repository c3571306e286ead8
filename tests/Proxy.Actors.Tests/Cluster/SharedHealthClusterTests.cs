using Akka.Actor;
using Microsoft.Extensions.Time.Testing;
using Proxy.Actors.Backends;
using Proxy.Actors.Cluster;
using Proxy.Actors.Configuration;
using Xunit;
using Xunit.Abstractions;
using static Proxy.Actors.Cluster.ObservedHealth;
using static Proxy.Actors.Tests.Model.Configs;

namespace Proxy.Actors.Tests.Cluster;

/// <summary>
/// What one node's backend actors observe (<see cref="BackendObserved"/> on its event stream)
/// becomes a verdict on the other nodes by the shared health rule, through real DistributedData.
/// The server <see cref="Url"/> is declared by A's provider: A owns it. The nodes share a fake
/// clock, which the expiry test advances.
/// </summary>
[Collection(Name)]
public sealed class SharedHealthClusterTests : ClusterTestKit
{
    private const string Url = "http://127.0.0.2:8080";
    private const string Other = "http://127.0.0.3:8080";

    private readonly FakeTimeProvider _clock;

    public SharedHealthClusterTests(ITestOutputHelper output)
        : this(output, new FakeTimeProvider(DateTimeOffset.UtcNow))
    {
    }

    private SharedHealthClusterTests(ITestOutputHelper output, FakeTimeProvider clock)
        : base(output, time: clock)
    {
        _clock = clock;
        A.SharedConfig.Tell(new ProviderConfigurationChanged("docker", Dynamic(services: [("shop", Service(Url))]), []));
        // The owners reach each health actor with the merged configuration.
        foreach (var node in new[] { B, C })
        {
            node.Configuration.FishForMessage<ProviderConfigurationChanged>(m => m.Config.Services.ContainsKey("shop"), Propagation);
        }
    }

    [Fact]
    public void Ejected_OnA_EjectedOnBUntilItExpires()
    {
        var changes = CreateTestProbe(B.System);
        B.System.EventStream.Subscribe(changes.Ref, typeof(SharedHealthChanged));
        var until = _clock.GetUtcNow().AddSeconds(2);

        A.System.EventStream.Publish(new BackendObserved(Url, Ejected, "connection refused", until));

        var ejected = changes.FishForMessage<SharedHealthChanged>(c => c.Verdicts.ContainsKey(Url), Propagation).Verdicts[Url];
        Assert.Equal(new SharedVerdict(Ejected, $"ejected by node {A.Id}: connection refused", until.ToUnixTimeMilliseconds()), ejected);
        Assert.Equal(ejected, SharedHealthCell.Get(B.System).Current[Url]);
        // Nobody withdraws it: it ends at its expiry, not before.
        _clock.Advance(until - _clock.GetUtcNow() - TimeSpan.FromMilliseconds(1));
        changes.ExpectNoMsg(TimeSpan.FromMilliseconds(300));
        Assert.True(SharedHealthCell.Get(B.System).Current.ContainsKey(Url), "the ejection ended before its expiry");
        _clock.Advance(TimeSpan.FromMilliseconds(2));
        changes.FishForMessage<SharedHealthChanged>(c => !c.Verdicts.ContainsKey(Url), Propagation);
        Assert.False(SharedHealthCell.Get(B.System).Current.ContainsKey(Url));
        // A's own observation is applied by its backend actor, never turned into a verdict on A.
        Assert.False(SharedHealthCell.Get(A.System).Current.ContainsKey(Url));
    }

    [Fact]
    public void Down_AtTheOwner_DownOnEveryOtherNode()
    {
        A.System.EventStream.Publish(new BackendObserved(Url, Down, "health check returned 503", null));

        foreach (var node in new[] { B, C })
        {
            AwaitAssert(
                () => Assert.Equal(
                    new SharedVerdict(Down, $"down at node {A.Id}, which watches it: health check returned 503"),
                    SharedHealthCell.Get(node.System).Current.GetValueOrDefault(Url)),
                Propagation);
        }

        Assert.False(SharedHealthCell.Get(A.System).Current.ContainsKey(Url));
    }

    [Fact]
    public void Down_AtOneNonOwner_NoVerdictAnywhere()
    {
        // B's report carries both; once C has applied the ejection of Other, it has seen the Down of Url.
        B.System.EventStream.Publish(new BackendObserved(Url, Down, "timeout", null));
        B.System.EventStream.Publish(new BackendObserved(Other, Ejected, "connection refused", _clock.GetUtcNow().AddMinutes(1)));

        foreach (var node in new[] { A, C })
        {
            AwaitAssert(() => Assert.Equal(Ejected, SharedHealthCell.Get(node.System).Current.GetValueOrDefault(Other)?.Health), Propagation);
            Assert.False(SharedHealthCell.Get(node.System).Current.ContainsKey(Url), $"{node.Id} took {Url} down on one non-owner's word");
        }
    }

    [Fact]
    public void Down_AtTwoOfThreeNodes_DownEverywhere()
    {
        B.System.EventStream.Publish(new BackendObserved(Url, Down, "timeout at B", null));
        C.System.EventStream.Publish(new BackendObserved(Url, Down, "timeout at C", null));

        // Each node counts its own DOWN towards the majority; the reason is the first other node's by id.
        var onA = string.CompareOrdinal(B.Id, C.Id) < 0 ? "timeout at B" : "timeout at C";
        foreach (var (node, reason) in new[] { (A, onA), (B, "timeout at C"), (C, "timeout at B") })
        {
            AwaitAssert(
                () => Assert.Equal(new SharedVerdict(Down, $"down at 2 of 3 nodes: {reason}"), SharedHealthCell.Get(node.System).Current.GetValueOrDefault(Url)),
                Propagation);
        }
    }

    [Fact]
    public void Up_AfterDownAtTheOwner_VerdictWithdrawnEverywhere()
    {
        A.System.EventStream.Publish(new BackendObserved(Url, Down, "health check returned 503", null));
        AwaitAssert(() => Assert.True(SharedHealthCell.Get(C.System).Current.ContainsKey(Url)), Propagation);

        A.System.EventStream.Publish(new BackendObserved(Url, Up, "", null));

        foreach (var node in new[] { B, C })
        {
            AwaitAssert(() => Assert.False(SharedHealthCell.Get(node.System).Current.ContainsKey(Url)), Propagation);
        }
    }
}
