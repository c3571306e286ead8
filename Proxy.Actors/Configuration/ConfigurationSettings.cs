using System.Collections.Immutable;
using Proxy.Actors.Model.Config;

namespace Proxy.Actors.Configuration;

/// <summary>
/// What the configuration actor needs from the host: the entry point names routers may use and
/// the internal services the host answers itself (<c>whoami@internal</c>, <c>api@internal</c>).
/// </summary>
public sealed record ConfigurationSettings(ImmutableSortedSet<string> EntryPoints, ImmutableSortedSet<string> InternalServices)
{
    /// <summary>How long a new configuration waits for changed services to be ready, and changed routers to be built, before it is published anyway.</summary>
    public TimeSpan ServiceReadyTimeout { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Each entry point's <c>http.tls</c> (Traefik's entry-point TLS defaults), by entry point name: every
    /// router on it without a <c>tls</c> of its own is a TLS router with these settings.
    /// </summary>
    public ImmutableDictionary<string, RouterTlsConfig> EntryPointTls { get; init; } =
        ImmutableDictionary<string, RouterTlsConfig>.Empty.WithComparers(StringComparer.Ordinal);
}
