using Microsoft.Extensions.Time.Testing;
using Proxy.Actors.RateLimiting;
using Xunit;

namespace Proxy.Actors.Tests.RateLimiting;

/// <summary>
/// An owner's bucket asked by a few nodes on a fake clock, each node asking every few milliseconds (or
/// when told to retry) as <see cref="ClusterRateKey"/> does. The first node in each round asks first,
/// as an owner's own asks arrive first: it must not win more than its part.
/// </summary>
public sealed class OwnedBucketTests
{
    private static readonly RateSpec Limit = new(TokensPerSecond: 100, Burst: 10);
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public void Grant_EqualDemandTheFirstAskingAlwaysFirst_EqualParts()
    {
        var bucket = NewBucket(startEmpty: false);

        var granted = Run(bucket, TimeSpan.FromSeconds(10), new Asker("owner", 120), new Asker("a", 120), new Asker("b", 120));

        Assert.InRange(granted.Sum(), 950, 1010);
        Assert.All(granted, g => Assert.InRange(g, 310, 360));
    }

    [Fact]
    public void Grant_OneLightNode_GetsItsDemandAndTheOthersTheRest()
    {
        var bucket = NewBucket(startEmpty: false);

        var granted = Run(bucket, TimeSpan.FromSeconds(10), new Asker("heavy-1", 300), new Asker("light", 10), new Asker("heavy-2", 300));

        Assert.InRange(granted[1], 90, 110);
        Assert.InRange(granted[0], 420, 500);
        Assert.InRange(granted[2], 420, 500);
    }

    [Fact]
    public void Grant_ANodeStopsAsking_ItsPartGoesToTheOthersOnceForgotten()
    {
        var bucket = NewBucket(startEmpty: false);
        Run(bucket, TimeSpan.FromSeconds(2), new Asker("a", 120), new Asker("b", 120));

        // One lease lifetime (the forget time here) after b's last ask, a has the whole rate.
        Run(bucket, TimeSpan.FromSeconds(1.5), new Asker("a", 120));
        var after = Run(bucket, TimeSpan.FromSeconds(2), new Asker("a", 120));

        Assert.InRange(after[0], 190, 205);
        Assert.Equal(1, bucket.Requesters);
    }

    [Fact]
    public void Grant_ANodeStopsAsking_TheOthersTakeWhatItLeavesAtOnce()
    {
        var bucket = NewBucket(startEmpty: false);
        Run(bucket, TimeSpan.FromSeconds(2), new Asker("a", 120), new Asker("b", 120));

        var alone = Run(bucket, TimeSpan.FromSeconds(0.5), new Asker("a", 120));

        // The rate of half a second, less what b may still claim: its part of the burst.
        Assert.InRange(alone[0], 40, 56);
        Assert.Equal(2, bucket.Requesters);
    }

    [Fact]
    public void Grant_MoreNodeNamesThanTheBound_NewcomersShareOnePart()
    {
        var bucket = NewBucket(startEmpty: false);

        var granted = Enumerable.Range(0, OwnedBucket.MaxRequesters + 50)
            .Sum(i => bucket.Grant($"node-{i}", 5, 120, _time.GetTimestamp(), out _));

        Assert.Equal(OwnedBucket.MaxRequesters + 1, bucket.Requesters);
        Assert.InRange(granted, 1, (int)Limit.Burst);
    }

    [Fact]
    public void Grant_StartedEmpty_NoTokenBeforeTheRateBringsOne()
    {
        var bucket = NewBucket(startEmpty: true);

        var first = bucket.Grant("a", 5, 120, _time.GetTimestamp(), out var retryIn);
        _time.Advance(retryIn);
        var next = bucket.Grant("a", 5, 120, _time.GetTimestamp(), out _);

        Assert.Equal(0, first);
        Assert.Equal(10, retryIn.TotalMilliseconds, 3);
        Assert.Equal(1, next);
    }

    private OwnedBucket NewBucket(bool startEmpty) =>
        new(Limit, _time.GetTimestamp(), _time, TimeSpan.FromSeconds(1), startEmpty);

    // Millisecond steps; each node asks for a lease window's worth once it used its last lease at its demand,
    // or after the retry it was told.
    private int[] Run(OwnedBucket bucket, TimeSpan duration, params Asker[] askers)
    {
        var granted = new int[askers.Length];
        var next = new long[askers.Length];
        for (var ms = 0; ms < duration.TotalMilliseconds; ms++)
        {
            var now = _time.GetTimestamp();
            for (var i = 0; i < askers.Length; i++)
            {
                if (now < next[i])
                {
                    continue;
                }

                var wanted = (int)Math.Clamp(Math.Ceiling(askers[i].Demand * 0.05), 1, 5);
                var got = bucket.Grant(askers[i].Node, wanted, askers[i].Demand, now, out var retryIn);
                granted[i] += got;
                var wait = got > 0 ? TimeSpan.FromSeconds(got / askers[i].Demand) : retryIn;
                next[i] = now + (long)(wait.TotalSeconds * _time.TimestampFrequency);
            }

            _time.Advance(TimeSpan.FromMilliseconds(1));
        }

        return granted;
    }

    private sealed record Asker(string Node, double Demand);
}
