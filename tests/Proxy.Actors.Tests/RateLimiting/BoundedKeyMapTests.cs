using Microsoft.Extensions.Time.Testing;
using Proxy.Actors.RateLimiting;
using Xunit;

namespace Proxy.Actors.Tests.RateLimiting;

public sealed class BoundedKeyMapTests
{
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public void GetOrAdd_AtCapacity_NewClientsShareOneOverflowState()
    {
        var map = Counters(capacity: 2);
        map.GetOrAdd("a", New, _time);
        map.GetOrAdd("b", New, _time);

        var c1 = map.GetOrAdd("c", New, _time);
        var c2 = map.GetOrAdd("c", New, _time);
        var d = map.GetOrAdd("d", New, _time);

        Assert.Same(c1, c2);
        Assert.Same(c1, d);
        Assert.Equal(2, map.Count);
    }

    [Fact]
    public void GetOrAdd_AtCapacity_OverflowClientIsStillLimited()
    {
        var spec = RateSpec.Of(1, TimeSpan.FromSeconds(60), 1);
        var map = new BoundedKeyMap<object, TokenBucket>(2, spec.RefillTime + TimeSpan.FromSeconds(1), _time, "overflow", static b => b.LastUsed);
        map.GetOrAdd("a", Bucket, spec);
        map.GetOrAdd("b", Bucket, spec);

        var admitted = Enumerable.Range(0, 1000)
            .Count(i => map.GetOrAdd($"attacker{i % 3}", Bucket, spec).Take(_time.GetTimestamp(), TimeSpan.Zero).Admitted);

        Assert.Equal(1, admitted);
    }

    [Fact]
    public void GetOrAdd_AtCapacity_SweepsAtMostOncePerInterval()
    {
        var looked = 0;
        var map = new BoundedKeyMap<object, InFlightCounter>(2, TimeSpan.FromSeconds(10), _time, "overflow", c =>
        {
            looked++;
            return c.LastUsed;
        });
        map.GetOrAdd("a", New, _time);
        map.GetOrAdd("b", New, _time);
        _time.Advance(BoundedKeyMap<object, InFlightCounter>.FullSweepInterval);

        for (var i = 0; i < 1000; i++)
        {
            map.GetOrAdd($"new{i}", New, _time);
        }

        Assert.Equal(2, looked);
    }

    [Fact]
    public void GetOrAdd_AtCapacityThenIdle_NewClientTrackedAgain()
    {
        var map = Counters(capacity: 2);
        map.GetOrAdd("a", New, _time);
        map.GetOrAdd("b", New, _time);
        _time.Advance(TimeSpan.FromSeconds(11));

        var c = map.GetOrAdd("c", New, _time);

        Assert.Same(c, map.GetOrAdd("c", New, _time));
        Assert.Equal(1, map.Count);
    }

    [Fact]
    public void GetOrAdd_IdlePastExpiry_SweptWhenANewClientComes()
    {
        var map = Counters(capacity: 10);
        var old = map.GetOrAdd("a", New, _time);
        _time.Advance(TimeSpan.FromSeconds(11));

        map.GetOrAdd("b", New, _time);

        Assert.Equal(1, map.Count);
        Assert.NotSame(old, map.GetOrAdd("a", New, _time));
    }

    [Fact]
    public void GetOrAdd_IdleButInFlight_Kept()
    {
        var map = Counters(capacity: 10);
        var busy = map.GetOrAdd("a", New, _time);
        Assert.True(busy.TryEnter(1, _time.GetTimestamp()));
        _time.Advance(TimeSpan.FromSeconds(11));

        map.GetOrAdd("b", New, _time);

        Assert.Same(busy, map.GetOrAdd("a", New, _time));
    }

    [Fact]
    public void TryEnter_RetiredCounter_AsksForALookupAgain()
    {
        var counter = new InFlightCounter(0);

        Assert.True(counter.TryRetire());
        Assert.Null(counter.TryEnter(1, 0));
    }

    private BoundedKeyMap<object, InFlightCounter> Counters(int capacity) =>
        new(capacity, TimeSpan.FromSeconds(10), _time, "overflow", static c => c.LastUsed, static c => c.TryRetire());

    private TokenBucket Bucket(object key, RateSpec spec) => new(spec, _time.GetTimestamp(), _time);

    private static InFlightCounter New(object key, FakeTimeProvider time) => new(time.GetTimestamp());
}
