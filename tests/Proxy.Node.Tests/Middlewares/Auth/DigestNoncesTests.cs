using Proxy.Node.Middlewares.Auth;

namespace Proxy.Node.Tests.Middlewares.Auth;

public sealed class DigestNoncesTests
{
    [Fact]
    public void Check_IssuedFreshExpiredOrForged_ValidStaleInvalid()
    {
        var time = new ManualClock();
        var nonces = new DigestNonces(time);
        var nonce = nonces.Issue();

        Assert.Equal(DigestNonces.State.Valid, nonces.Check(nonce));
        Assert.Equal(DigestNonces.State.Invalid, nonces.Check(nonce[..^1] + (nonce[^1] == '0' ? '1' : '0')));
        Assert.Equal(DigestNonces.State.Invalid, new DigestNonces(time).Check(nonce));
        Assert.Equal(DigestNonces.State.Invalid, nonces.Check("zz"));

        time.Advance(DigestNonces.Lifetime);
        Assert.Equal(DigestNonces.State.Stale, nonces.Check(nonce));
    }

    [Fact]
    public void TryUse_SameOrLowerCount_RefusedAsReplay()
    {
        var nonces = new DigestNonces(new ManualClock());
        var nonce = nonces.Issue();

        Assert.True(nonces.TryUse(nonce, 1));
        Assert.False(nonces.TryUse(nonce, 1));
        Assert.True(nonces.TryUse(nonce, 3));
        Assert.False(nonces.TryUse(nonce, 2));
    }

    [Fact]
    public void TryUse_BeyondMaxTracked_OldestEvictedNewAcceptedEvictedNotReplayable()
    {
        var time = new ManualClock();
        var nonces = new DigestNonces(time);
        var first = string.Empty;
        for (var i = 0; i < DigestNonces.MaxTracked; i++)
        {
            time.Advance(TimeSpan.FromTicks(TimeSpan.TicksPerMillisecond));
            var nonce = nonces.Issue();
            first = i == 0 ? nonce : first;
            Assert.True(nonces.TryUse(nonce, 1));
        }

        // One client filling the table within the lifetime no longer locks the next one out.
        time.Advance(TimeSpan.FromMilliseconds(1));
        var late = nonces.Issue();
        Assert.True(nonces.TryUse(late, 1));
        Assert.Equal(DigestNonces.MaxTracked, nonces.Tracked);

        // The evicted nonce's count is forgotten: it is refused rather than replayable.
        Assert.False(nonces.TryUse(first, 1));
        Assert.False(nonces.TryUse(first, 2));
        Assert.True(nonces.TryUse(late, 2));
    }

    private sealed class ManualClock : TimeProvider
    {
        private DateTimeOffset _now = new(2026, 12, 5, 10, 0, 0, TimeSpan.Zero);

        public override DateTimeOffset GetUtcNow() => _now;

        public void Advance(TimeSpan by) => _now += by;
    }
}
