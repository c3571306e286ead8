using Akka.TestKit.Xunit2;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace Proxy.Actors.Tests;

public sealed class ClockTimersTests : TestKit
{
    private static readonly TimeSpan Delay = TimeSpan.FromSeconds(30);

    /// <summary>How long a test watches for a message that must not come: the timers run on the fake clock, so any wait is enough.</summary>
    private static readonly TimeSpan Quiet = TimeSpan.FromMilliseconds(100);

    private readonly FakeTimeProvider _clock = new(DateTimeOffset.UtcNow);

    [Fact]
    public void StartSingleTimer_ClockReachesTheDelay_OwnerToldOnce()
    {
        var owner = CreateTestProbe();
        using var timers = new ClockTimers(_clock, owner.Ref);

        timers.StartSingleTimer("grace", "forget", Delay);
        _clock.Advance(Delay - TimeSpan.FromMilliseconds(1));
        owner.ExpectNoMsg(Quiet);
        _clock.Advance(TimeSpan.FromMilliseconds(1));

        var fired = owner.ExpectMsg<ClockTimerFired>();
        Assert.Equal("forget", timers.Accept(fired));
        Assert.False(timers.IsTimerActive("grace"));
        _clock.Advance(Delay);
        owner.ExpectNoMsg(Quiet);
    }

    [Fact]
    public void StartSingleTimer_SameKeyAfterItFired_TheFiredOneIsStale()
    {
        var owner = CreateTestProbe();
        using var timers = new ClockTimers(_clock, owner.Ref);
        timers.StartSingleTimer("grace", "first", Delay);
        _clock.Advance(Delay);
        var stale = owner.ExpectMsg<ClockTimerFired>();

        // Restarted before the actor handled the first one: only the second counts.
        timers.StartSingleTimer("grace", "second", Delay);

        Assert.Null(timers.Accept(stale));
        Assert.True(timers.IsTimerActive("grace"));
        _clock.Advance(Delay);
        Assert.Equal("second", timers.Accept(owner.ExpectMsg<ClockTimerFired>()));
    }

    [Fact]
    public void Accept_MessageOfAPreviousInstanceWithTheSameKey_IsStale()
    {
        var owner = CreateTestProbe();
        var previous = new ClockTimers(_clock, owner.Ref);
        previous.StartSingleTimer("forget/node", "first", Delay);
        _clock.Advance(Delay);
        var stale = owner.ExpectMsg<ClockTimerFired>();
        previous.Dispose();

        // The actor restarted before it handled the message: its new instance starts the same key.
        using var current = new ClockTimers(_clock, owner.Ref);
        current.StartSingleTimer("forget/node", "second", Delay);

        Assert.Null(current.Accept(stale));
        Assert.True(current.IsTimerActive("forget/node"));
        _clock.Advance(Delay);
        Assert.Equal("second", current.Accept(owner.ExpectMsg<ClockTimerFired>()));
    }

    [Fact]
    public void Cancel_AfterItFired_TheFiredOneIsStale()
    {
        var owner = CreateTestProbe();
        using var timers = new ClockTimers(_clock, owner.Ref);
        timers.StartSingleTimer("grace", "forget", Delay);
        _clock.Advance(Delay);
        var fired = owner.ExpectMsg<ClockTimerFired>();

        timers.Cancel("grace");

        Assert.Null(timers.Accept(fired));
    }

    [Fact]
    public void Cancel_BeforeItFires_NothingTold()
    {
        var owner = CreateTestProbe();
        using var timers = new ClockTimers(_clock, owner.Ref);
        timers.StartSingleTimer("grace", "forget", Delay);

        timers.Cancel("grace");
        _clock.Advance(Delay);

        owner.ExpectNoMsg(Quiet);
        Assert.False(timers.IsTimerActive("grace"));
    }

    [Fact]
    public void Dispose_TimersPending_NothingTold()
    {
        var owner = CreateTestProbe();
        var timers = new ClockTimers(_clock, owner.Ref);
        timers.StartSingleTimer("grace", "forget", Delay);
        timers.StartSingleTimer("expiry", "decide", Delay / 2);

        timers.Dispose();
        _clock.Advance(Delay);

        owner.ExpectNoMsg(Quiet);
    }

    [Fact]
    public void StartSingleTimer_NegativeDelay_FiresAtOnce()
    {
        var owner = CreateTestProbe();
        using var timers = new ClockTimers(_clock, owner.Ref);

        timers.StartSingleTimer("expiry", "decide", TimeSpan.FromSeconds(-1));

        Assert.Equal("decide", timers.Accept(owner.ExpectMsg<ClockTimerFired>()));
    }
}
