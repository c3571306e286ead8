using Proxy.Actors.Model;

namespace Proxy.Actors.Backends;

/// <summary>
/// The service actor's word on what this server is and how to check it; sent again on every change.
/// <paramref name="HoldOnRefusal"/>: a refused connection keeps the server out briefly, which only
/// helps when the service has another server to send to; a lone server held out would turn a
/// moment's refusal (a container still binding its port) into seconds of 503s.
/// </summary>
public sealed record ConfigureBackend(ServerDefinition Server, HealthCheckSpec? HealthCheck, PassiveHealthSpec? PassiveHealth, bool HoldOnRefusal = true)
{
    /// <summary>The service's servers transport, which the probes go through as requests do; null: the node's default.</summary>
    public ServersTransportSpec? Transport { get; init; }
}

/// <summary>
/// The request path saw this server fail. <paramref name="ReachedBackend"/> is false when the
/// connection itself failed (refused, reset before sending): the strongest sign of a dead server.
/// </summary>
public sealed record AttemptFailed(string Url, bool ReachedBackend, string Reason);

/// <summary>Published to the parent service actor whenever what the request path should do changes.</summary>
public sealed record BackendStateChanged(string Url, ServerHealth Health, string Reason, ServerCounters Counters)
{
    /// <summary>See <see cref="ServerSnapshot.IsLastResort"/>.</summary>
    public bool LastResort { get; init; }
}

internal sealed class ProbeNow
{
    public static ProbeNow Instance { get; } = new();

    private ProbeNow()
    {
    }
}

internal sealed record ProbeCompleted(long Generation, ProbeResult Result);

internal sealed record CooldownEnded(long Generation);

internal sealed class RefusalEnded
{
    public static RefusalEnded Instance { get; } = new();

    private RefusalEnded()
    {
    }
}
