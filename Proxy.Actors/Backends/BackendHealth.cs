using System.Collections.Immutable;
using Proxy.Actors.Model;

namespace Proxy.Actors.Backends;

/// <summary>
/// A server's health as the pure sum of three independent inputs: active checks, passive
/// failures and draining. The actor only feeds events in; these functions decide.
/// </summary>
public sealed record BackendHealth(
    bool ActiveUp,
    int ConsecutiveProbeFailures,
    int ConsecutiveProbeSuccesses,
    bool Draining,
    DateTimeOffset? EjectedUntil,
    ImmutableQueue<DateTimeOffset> RecentFailures,
    string Reason)
{
    public static BackendHealth Initial(HealthCheckSpec? check, bool draining) => new(
        check?.InitiallyUp ?? true, 0, 0, draining, null, [],
        check is { InitiallyUp: false } ? "waiting for the first passing health check" : "no check has failed");

    public ServerHealth Health(DateTimeOffset now) =>
        Draining ? ServerHealth.Draining
        : !ActiveUp || EjectedUntil > now ? ServerHealth.Down
        : ServerHealth.Up;

    /// <summary>Applies one probe result with the check's thresholds (consecutive results flip the state).</summary>
    public BackendHealth WithProbe(ProbeResult result, HealthCheckSpec check)
    {
        if (result.Healthy)
        {
            var successes = ConsecutiveProbeSuccesses + 1;
            var up = ActiveUp || successes >= check.SuccessThreshold;
            return this with
            {
                ActiveUp = up,
                ConsecutiveProbeSuccesses = successes,
                ConsecutiveProbeFailures = 0,
                Reason = up && !ActiveUp ? $"health check passed: {result.Detail}" : Reason,
            };
        }

        var failures = ConsecutiveProbeFailures + 1;
        var down = !ActiveUp || failures >= check.FailureThreshold;
        return this with
        {
            ActiveUp = !down,
            ConsecutiveProbeFailures = failures,
            ConsecutiveProbeSuccesses = 0,
            Reason = down ? $"health check failed: {result.Detail}" : Reason,
        };
    }

    /// <summary>
    /// Records a failure seen by a request; enough of them inside the window eject the server until
    /// the cooldown ends. Returns the new state and whether this failure caused an ejection.
    /// </summary>
    public (BackendHealth Health, bool Ejected) WithFailure(DateTimeOffset now, PassiveHealthSpec spec, string reason)
    {
        if (EjectedUntil > now)
        {
            // Already out: failures of requests that were in flight at ejection say nothing new.
            return (this, false);
        }

        var recent = RecentFailures.Enqueue(now);
        while (!recent.IsEmpty && recent.Peek() <= now - spec.FailureWindow)
        {
            recent = recent.Dequeue();
        }

        if (recent.Count() >= spec.MaxFailedAttempts)
        {
            return (this with { RecentFailures = [], EjectedUntil = now + spec.Cooldown, Reason = $"ejected after {spec.MaxFailedAttempts} failed request(s): {reason}" }, true);
        }

        return (this with { RecentFailures = recent }, false);
    }

    public BackendHealth WithCooldownOver() =>
        this with { EjectedUntil = null, RecentFailures = [], Reason = "passive ejection over" };
}
