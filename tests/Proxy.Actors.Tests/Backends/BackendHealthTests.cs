using System.Collections.Immutable;
using Proxy.Actors.Backends;
using Proxy.Actors.Model;
using Proxy.Actors.Model.Config;
using Xunit;

namespace Proxy.Actors.Tests.Backends;

public sealed class BackendHealthTests
{
    private static readonly DateTimeOffset T0 = new(2025, 1, 1, 12, 0, 0, TimeSpan.Zero);

    private static readonly PassiveHealthSpec Passive = new(new PassiveHealthCheckConfig(2, "10s", "30s"));

    public static HealthCheckSpec Check(int failureThreshold = 1, int successThreshold = 1, bool initiallyUp = true) =>
        new(HealthCheckConfig.Default with
        {
            Path = "/health", Interval = "1s", Timeout = "1s",
            FailureThreshold = failureThreshold, SuccessThreshold = successThreshold, InitialState = initiallyUp ? "up" : "down",
        });

    [Theory]
    [InlineData(false, false, false, ServerHealth.Up)]
    [InlineData(true, true, false, ServerHealth.Up)]
    [InlineData(true, false, false, ServerHealth.Down)]
    [InlineData(true, false, true, ServerHealth.Draining)]
    [InlineData(false, false, true, ServerHealth.Draining)]
    public void Initial_CheckAndDraining_GiveStartingHealth(bool hasCheck, bool initiallyUp, bool draining, ServerHealth expected)
    {
        var health = BackendHealth.Initial(hasCheck ? Check(initiallyUp: initiallyUp) : null, draining);

        Assert.Equal(expected, health.Health(T0));
    }

    /// <summary>Probe results in order, 'p' passing and 'f' failing; the health after the last.</summary>
    [Theory]
    [InlineData(1, 1, true, "f", ServerHealth.Down)]
    [InlineData(3, 1, true, "ff", ServerHealth.Up)]
    [InlineData(3, 1, true, "fff", ServerHealth.Down)]
    [InlineData(3, 1, true, "ffpff", ServerHealth.Up)]
    [InlineData(3, 1, true, "ffpfff", ServerHealth.Down)]
    [InlineData(1, 1, false, "", ServerHealth.Down)]
    [InlineData(1, 1, false, "p", ServerHealth.Up)]
    [InlineData(1, 2, false, "p", ServerHealth.Down)]
    [InlineData(1, 2, false, "pp", ServerHealth.Up)]
    [InlineData(1, 2, false, "pfp", ServerHealth.Down)]
    [InlineData(1, 2, false, "pfpp", ServerHealth.Up)]
    [InlineData(2, 2, true, "ffp", ServerHealth.Down)]
    [InlineData(2, 2, true, "ffpp", ServerHealth.Up)]
    [InlineData(2, 2, true, "ffppf", ServerHealth.Up)]
    public void WithProbe_Sequence_FlipsOnlyAtThresholds(int failureThreshold, int successThreshold, bool initiallyUp, string probes, ServerHealth expected)
    {
        var check = Check(failureThreshold, successThreshold, initiallyUp);
        var health = BackendHealth.Initial(check, false);

        foreach (var probe in probes)
        {
            health = health.WithProbe(new ProbeResult(probe == 'p', probe == 'p' ? "HTTP 200" : "HTTP 500"), check);
        }

        Assert.Equal(expected, health.Health(T0));
    }

    [Fact]
    public void WithProbe_Flip_ReasonNamesTheProbe()
    {
        var check = Check();
        var down = BackendHealth.Initial(check, false).WithProbe(new ProbeResult(false, "HTTP 500 from x"), check);
        var up = down.WithProbe(new ProbeResult(true, "HTTP 200"), check);

        Assert.Equal("health check failed: HTTP 500 from x", down.Reason);
        Assert.Equal("health check passed: HTTP 200", up.Reason);
    }

    /// <summary>Failure times in seconds after T0; whether the last one ejects.</summary>
    [Theory]
    [InlineData(new[] { 0 }, false)]
    [InlineData(new[] { 0, 1 }, true)]
    [InlineData(new[] { 0, 9 }, true)]
    [InlineData(new[] { 0, 10 }, false)]
    [InlineData(new[] { 0, 11 }, false)]
    [InlineData(new[] { 0, 11, 12 }, true)]
    [InlineData(new[] { 0, 20, 40, 60 }, false)]
    public void WithFailure_Times_OnlyFailuresInsideTheWindowCount(int[] seconds, bool ejected)
    {
        var health = BackendHealth.Initial(null, false);
        var last = false;
        foreach (var second in seconds)
        {
            (health, last) = health.WithFailure(T0.AddSeconds(second), Passive, "connection refused");
        }

        var now = T0.AddSeconds(seconds[^1]);
        Assert.Equal(ejected, last);
        Assert.Equal(ejected ? ServerHealth.Down : ServerHealth.Up, health.Health(now));
    }

    [Fact]
    public void WithFailure_Ejected_DownUntilCooldownEnds()
    {
        var health = BackendHealth.Initial(null, false);
        (health, _) = health.WithFailure(T0, Passive, "reset");
        (health, _) = health.WithFailure(T0.AddSeconds(1), Passive, "reset");

        Assert.Equal(ServerHealth.Down, health.Health(T0.AddSeconds(30)));
        Assert.Equal(ServerHealth.Up, health.Health(T0.AddSeconds(31)));
        Assert.Equal("ejected after 2 failed request(s): reset", health.Reason);
    }

    [Fact]
    public void WithFailure_AlreadyEjected_DoesNotEjectAgain()
    {
        var health = BackendHealth.Initial(null, false);
        (health, _) = health.WithFailure(T0, Passive, "reset");
        (health, _) = health.WithFailure(T0, Passive, "reset");

        var (after, ejected) = health.WithFailure(T0.AddSeconds(1), Passive, "reset");
        (after, var again) = after.WithFailure(T0.AddSeconds(2), Passive, "reset");

        Assert.False(ejected);
        Assert.False(again);
        Assert.Equal(health.EjectedUntil, after.EjectedUntil);
    }

    [Fact]
    public void WithCooldownOver_Ejected_UpAgain()
    {
        var health = BackendHealth.Initial(null, false);
        (health, _) = health.WithFailure(T0, new PassiveHealthSpec(Passive.Options with { MaxFailedAttempts = 1 }), "reset");

        Assert.Equal(ServerHealth.Up, health.WithCooldownOver().Health(T0));
    }

    [Fact]
    public void Health_DrainingAndDownAndEjected_DrainingWins()
    {
        var check = Check();
        var health = BackendHealth.Initial(check, true).WithProbe(new ProbeResult(false, "HTTP 500"), check);
        (health, _) = health.WithFailure(T0, new PassiveHealthSpec(Passive.Options with { MaxFailedAttempts = 1 }), "reset");

        Assert.Equal(ServerHealth.Draining, health.Health(T0));
    }

    [Fact]
    public void Health_ActiveDownAfterCooldown_StaysDown()
    {
        var check = Check();
        var health = BackendHealth.Initial(check, false).WithProbe(new ProbeResult(false, "HTTP 500"), check);
        (health, _) = health.WithFailure(T0, new PassiveHealthSpec(Passive.Options with { MaxFailedAttempts = 1 }), "reset");

        Assert.Equal(ServerHealth.Down, health.WithCooldownOver().Health(T0.AddHours(1)));
    }
}
