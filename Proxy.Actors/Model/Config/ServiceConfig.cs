using System.Collections.Immutable;

namespace Proxy.Actors.Model.Config;

/// <summary>A service as written by a provider. Only the load-balancer kind exists so far.</summary>
public sealed record ServiceConfig(LoadBalancerConfig? LoadBalancer);

public sealed record LoadBalancerConfig(
    ImmutableArray<ServerConfig> Servers,
    bool? PassHostHeader,
    HealthCheckConfig? HealthCheck,
    PassiveHealthCheckConfig? PassiveHealthCheck);

/// <summary>
/// One server of a service. <see cref="Draining"/> lets a provider (Docker at the stop signal)
/// ask for no new requests while in-flight ones finish. <see cref="Source"/> says where the
/// provider found it (<c>docker:&lt;host&gt;/&lt;container&gt;</c>, <c>file:&lt;path&gt;</c>) so that an
/// operator can tell which Docker host a server came from; routing never reads it.
/// </summary>
public sealed record ServerConfig(string? Url, int? Weight, bool Draining = false, string? Source = null);

/// <summary>
/// Traefik's active health check, plus thresholds and an initial state. Durations are raw
/// strings (<c>10s</c>, <c>500ms</c>, or plain seconds) until validated.
/// </summary>
public sealed record HealthCheckConfig(
    string? Path,
    string? Interval,
    string? Timeout,
    string? Scheme,
    string? Hostname,
    int? Port,
    ImmutableSortedDictionary<string, string> Headers,
    string? Method,
    int? Status,
    int? FailureThreshold,
    int? SuccessThreshold,
    string? InitialState)
{
    public static HealthCheckConfig Default { get; } = new(
        null, null, null, null, null, null,
        ImmutableSortedDictionary<string, string>.Empty, null, null, null, null, null);
}

/// <summary>
/// Passive health (nginx <c>max_fails</c>/<c>fail_timeout</c>, Traefik <c>passiveHealthCheck</c>):
/// <see cref="MaxFailedAttempts"/> failures within <see cref="FailureWindow"/> eject the server
/// for <see cref="Cooldown"/> (default: the failure window).
/// </summary>
public sealed record PassiveHealthCheckConfig(int? MaxFailedAttempts, string? FailureWindow, string? Cooldown);
