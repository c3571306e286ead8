using System.Collections.Immutable;

namespace Proxy.Actors.Configuration;

/// <summary>
/// What the configuration actor needs from the host: the entry point names routers may use and
/// the internal services the host answers itself (<c>whoami@internal</c>, <c>api@internal</c>).
/// </summary>
public sealed record ConfigurationSettings(ImmutableSortedSet<string> EntryPoints, ImmutableSortedSet<string> InternalServices)
{
    /// <summary>How long a new configuration waits for changed services to be ready, and changed routers to be built, before it is published anyway.</summary>
    public TimeSpan ServiceReadyTimeout { get; init; } = TimeSpan.FromSeconds(2);
}
