using Proxy.Node.Middlewares.Auth;

namespace Proxy.Node.Tests.Middlewares.Auth;

public sealed class VerifiedCredentialsTests
{
    [Fact]
    public void Contains_AfterLifetime_Forgotten()
    {
        var time = new ManualTime();
        var verified = new VerifiedCredentials(time);

        verified.Add(verified.KeyOf("alice", "secret"));
        Assert.True(verified.Contains(verified.KeyOf("alice", "secret")));
        Assert.False(verified.Contains(verified.KeyOf("alice", "secreT")));
        Assert.False(verified.Contains(verified.KeyOf("alicesecret", string.Empty)));

        time.Advance(VerifiedCredentials.Lifetime);
        Assert.False(verified.Contains(verified.KeyOf("alice", "secret")));
        Assert.Equal(0, verified.Count);
    }

    [Fact]
    public void Add_BeyondMaxEntries_BoundedExpiredMakeRoom()
    {
        var time = new ManualTime();
        var verified = new VerifiedCredentials(time);

        for (var i = 0; i < VerifiedCredentials.MaxEntries + 100; i++)
        {
            verified.Add(verified.KeyOf($"user{i}", "pw"));
        }

        Assert.Equal(VerifiedCredentials.MaxEntries, verified.Count);
        Assert.False(verified.Contains(verified.KeyOf($"user{VerifiedCredentials.MaxEntries + 1}", "pw")));

        time.Advance(VerifiedCredentials.Lifetime);
        verified.Add(verified.KeyOf("late", "pw"));
        Assert.Equal(1, verified.Count);
        Assert.True(verified.Contains(verified.KeyOf("late", "pw")));
    }

    [Fact]
    public void Contains_TwoInstances_KeysDiffer()
    {
        // A key drawn per instance: what one remembers means nothing to another.
        var a = new VerifiedCredentials(TimeProvider.System);
        var b = new VerifiedCredentials(TimeProvider.System);

        a.Add(a.KeyOf("alice", "secret"));

        Assert.False(b.Contains(b.KeyOf("alice", "secret")));
    }

    private sealed class ManualTime : TimeProvider
    {
        private long _ticks = 1_000_000;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => _ticks;

        public void Advance(TimeSpan by) => _ticks += by.Ticks;
    }
}
