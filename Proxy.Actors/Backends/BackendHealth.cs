using System.Collections.Immutable;
using Proxy.Actors.Cluster;
using Proxy.Actors.Model;

namespace Proxy.Actors.Backends;

/// <summary>
/// A server's health as the pure sum of independent inputs: active checks, passive failures,
/// refused connections, draining, and what other nodes of the cluster observed (<see cref="Shared"/>).
/// The actor only feeds events in; these functions decide. <see cref="Observation"/> is this
/// node's own view, without <see cref="Shared"/>, so that nodes never echo each other's verdicts.
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
    /// <summary>Until when a refused connection keeps the server out: no request should wait on a closed port.</summary>
    public DateTimeOffset? RefusedUntil { get; init; }

    /// <summary>Other nodes' verdict on this server (<see cref="SharedHealthRule"/>), or null.</summary>
    public SharedVerdict? Shared { get; init; }

    public static BackendHealth Initial(HealthCheckSpec? check, bool draining) => new(
        check?.InitiallyUp ?? true, 0, 0, draining, null, [],
        check is { InitiallyUp: false } ? "waiting for the first passing health check" : "no check has failed");

    public ServerHealth Health(DateTimeOffset now) =>
        Draining || Shared is { Health: ObservedHealth.Draining } ? ServerHealth.Draining
        : !ActiveUp || EjectedUntil > now || RefusedUntil > now || SharedDown(now) ? ServerHealth.Down
        : ServerHealth.Up;

    /// <summary>Why the server is in <see cref="Health"/>: another node's verdict when that is what decides.</summary>
    public string ReasonAt(DateTimeOffset now) =>
        !Draining && Shared is { } shared && (shared.Health == ObservedHealth.Draining || SharedDown(now))
            && ActiveUp && !(EjectedUntil > now) && !(RefusedUntil > now)
            ? shared.Reason
            : Reason;

    /// <summary>
    /// What this node alone observed, for the other nodes. Draining is left out: it comes from the
    /// provider's configuration, which the cluster already shares.
    /// </summary>
    public (ObservedHealth Health, DateTimeOffset? Until) Observation(DateTimeOffset now)
    {
        var ejectedUntil = Later(EjectedUntil > now ? EjectedUntil : null, RefusedUntil > now ? RefusedUntil : null);
        return ejectedUntil is not null ? (ObservedHealth.Ejected, ejectedUntil)
            : !ActiveUp ? (ObservedHealth.Down, null)
            : (ObservedHealth.Up, null);
    }

    /// <summary>
    /// Down only because of a refusal hold or another node's ejection: the request path avoids the
    /// server while another can serve, and tries it when none can.
    /// </summary>
    public bool IsLastResort(DateTimeOffset now) =>
        !Draining && Shared is not { Health: ObservedHealth.Draining or ObservedHealth.Down }
        && ActiveUp && !(EjectedUntil > now)
        && (RefusedUntil > now || SharedDown(now));

    /// <summary>A connection to the server was refused (nothing listens, or it reset before the request was sent).</summary>
    public BackendHealth WithRefusal(DateTimeOffset now, TimeSpan hold, string reason) =>
        RefusedUntil > now ? this : this with { RefusedUntil = now + hold, Reason = $"connection refused: {reason}" };

    public BackendHealth WithRefusalOver() => this with { RefusedUntil = null, Reason = "refusal hold over" };

    private bool SharedDown(DateTimeOffset now) =>
        Shared is { Health: ObservedHealth.Down } || (Shared is { Health: ObservedHealth.Ejected } ejected
            && (ejected.ExpiresAtUnixMs == 0 || ejected.ExpiresAtUnixMs > now.ToUnixTimeMilliseconds()));

    private static DateTimeOffset? Later(DateTimeOffset? a, DateTimeOffset? b) => a is null ? b : b is null ? a : a > b ? a : b;

    /// <summary>Applies one probe result with the check's thresholds (consecutive results flip the state).</summary>
    public BackendHealth WithProbe(ProbeResult result, HealthCheckSpec check)
    {
        if (result.Healthy)
        {
            var successes = ConsecutiveProbeSuccesses + 1;
            var up = ActiveUp || successes >= check.Options.SuccessThreshold;
            return this with
            {
                ActiveUp = up,
                ConsecutiveProbeSuccesses = successes,
                ConsecutiveProbeFailures = 0,
                Reason = up && !ActiveUp ? $"health check passed: {result.Detail}" : Reason,
            };
        }

        var failures = ConsecutiveProbeFailures + 1;
        var down = !ActiveUp || failures >= check.Options.FailureThreshold;
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

        if (recent.Count() >= spec.Options.MaxFailedAttempts)
        {
            return (this with { RecentFailures = [], EjectedUntil = now + spec.Cooldown, Reason = $"ejected after {spec.Options.MaxFailedAttempts} failed request(s): {reason}" }, true);
        }

        return (this with { RecentFailures = recent }, false);
    }

    public BackendHealth WithCooldownOver() =>
        this with { EjectedUntil = null, RecentFailures = [], Reason = "passive ejection over" };
}
