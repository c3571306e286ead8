using System.Collections.Immutable;
using Akka.Actor;
using Akka.Cluster;
using Proxy.Actors.Cluster;
using Xunit;

namespace Proxy.Actors.Tests.Cluster;

public sealed class KeySweepTests
{
    private static readonly UniqueAddress Live = new(new Address("akka.tcp", "proxy", "10.0.0.5", 4053), 7);
    private static readonly UniqueAddress Gone = new(new Address("akka.tcp", "proxy", "10.0.0.6", 4053), 8);
    private static readonly IReadOnlySet<RunId> LiveRuns = new HashSet<RunId> { RunId.Of(Live) };

    [Theory]
    [InlineData("config/10.0.0.6:4053/8/15", "10.0.0.6:4053", 8L)]
    [InlineData("config/10.0.0.6:4053/-8/0", "10.0.0.6:4053", -8L)]
    [InlineData("status/10.0.0.6:4053/8", "10.0.0.6:4053", 8L)]
    [InlineData("health/[::1]:4053/123456789012", "[::1]:4053", 123456789012L)]
    public void TryParse_OneOfOurKeys_KeyAndItsRun(string id, string node, long uid)
    {
        Assert.True(ReplicationKeys.TryParse(id, out var key, out var run));
        Assert.Equal(id, key.Id);
        Assert.Equal(new RunId(node, uid), run);
    }

    [Theory]
    [InlineData("config/10.0.0.6:4053/0")]
    [InlineData("config/10.0.0.6:4053/8/16")]
    [InlineData("config/10.0.0.6:4053/x/1")]
    [InlineData("status/10.0.0.6:4053/8x")]
    [InlineData("health/10.0.0.6:4053/8/1")]
    [InlineData("sessions/10.0.0.6:4053/8")]
    [InlineData("counter")]
    public void TryParse_AnyOtherKey_False(string id) =>
        Assert.False(ReplicationKeys.TryParse(id, out _, out _));

    [Fact]
    public void TryParse_EveryKeyARunWrites_ItsRun() =>
        Assert.All(RunKeys.All(Gone), key =>
        {
            Assert.True(ReplicationKeys.TryParse(key.Id, out _, out var run));
            Assert.Equal(RunId.Of(Gone), run);
        });

    [Fact]
    public void Sweep_OrphanSeenOnce_OnlySuspected()
    {
        var (delete, suspects) = KeySweep.Sweep(Ids(Live, Gone), LiveRuns, []);

        Assert.Empty(delete);
        Assert.Equal(Ids(Gone).Order(StringComparer.Ordinal), suspects.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Sweep_OrphanSeenAtTwoSweeps_Deleted()
    {
        var (_, suspects) = KeySweep.Sweep(Ids(Live, Gone), LiveRuns, []);

        var (delete, next) = KeySweep.Sweep(Ids(Live, Gone), LiveRuns, suspects);

        Assert.Equal(Ids(Gone).Order(StringComparer.Ordinal), delete.Select(k => k.Id));
        Assert.Empty(next);
    }

    [Fact]
    public void Sweep_SuspectWhoseRunIsLiveNow_KeptAndNoLongerSuspected()
    {
        var (_, suspects) = KeySweep.Sweep(Ids(Gone), LiveRuns, []);

        var (delete, next) = KeySweep.Sweep(Ids(Gone), new HashSet<RunId> { RunId.Of(Gone) }, suspects);

        Assert.Empty(delete);
        Assert.Empty(next);
    }

    [Fact]
    public void Sweep_KeysThatAreNotOurs_NeverTouched()
    {
        var foreign = ImmutableArray.Create("counter", "sessions/10.0.0.6:4053/8");

        var (delete, suspects) = KeySweep.Sweep(foreign, LiveRuns, [.. foreign]);

        Assert.Empty(delete);
        Assert.Empty(suspects);
    }

    private static string[] Ids(params UniqueAddress[] runs) => [.. runs.SelectMany(RunKeys.All).Select(k => k.Id)];
}
