using System.Collections.Immutable;

namespace Proxy.Actors.Model;

/// <summary>
/// A validated service. Internal services (<c>whoami@internal</c>, <c>api@internal</c>) are
/// answered by the host and have no servers.
/// </summary>
public sealed record ServiceDefinition(
    string Name,
    string Provider,
    bool IsInternal,
    ImmutableArray<ServerDefinition> Servers,
    bool PassHostHeader,
    HealthCheckSpec? HealthCheck,
    PassiveHealthSpec? PassiveHealth)
{
    // Structural equality, so that a reload which changes nothing is recognised as such.
    public bool Equals(ServiceDefinition? other) =>
        other is not null
        && Name == other.Name && Provider == other.Provider && IsInternal == other.IsInternal
        && PassHostHeader == other.PassHostHeader && Equals(HealthCheck, other.HealthCheck)
        && Equals(PassiveHealth, other.PassiveHealth) && Servers.SequenceEqual(other.Servers);

    public override int GetHashCode() => HashCode.Combine(Name, Provider, Servers.Length);
}
