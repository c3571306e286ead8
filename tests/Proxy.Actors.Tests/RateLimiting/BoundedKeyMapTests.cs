using Microsoft.Extensions.Time.Testing;
using Proxy.Actors.RateLimiting;
using Xunit;

namespace Proxy.Actors.Tests.RateLimiting;

public sealed class BoundedKeyMapTests
{
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public void GetOrAdd_AtCapacity_NewClientGetsAStateThatIsNotKept()
    {
        var map = Counters(capacity: 2);
        map.GetOrAdd("a", New, _time);
        map.GetOrAdd("b", New, _time);

        var c1 = map.GetOrAdd("c", New, _time);
        var c2 = map.GetOrAdd("c", New, _time);

        Assert.NotSame(c1, c2);
        Assert.Equal(2, map.Count);
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
        new(capacity, TimeSpan.FromSeconds(10), _time, static c => c.LastUsed, static c => c.TryRetire());

    private static InFlightCounter New(object key, FakeTimeProvider time) => new(time.GetTimestamp());
}
