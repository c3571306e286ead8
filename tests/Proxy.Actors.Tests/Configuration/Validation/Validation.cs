using System.Collections.Immutable;
using Proxy.Actors.Configuration;
using Proxy.Actors.Configuration.Validation;
using Proxy.Actors.Model;
using Proxy.Actors.Model.Config;

namespace Proxy.Actors.Tests.Configuration.Validation;

/// <summary>Runs <see cref="ConfigValidator"/> the way the configuration actor does, with two entry points.</summary>
public static class Validation
{
    public static readonly ImmutableSortedSet<string> EntryPoints = ["web", "websecure"];

    public static readonly ImmutableSortedSet<string> InternalServices = ["api@internal"];

    public static ProviderState Provider(string name, DynamicConfig config, params ConfigError[] readErrors) =>
        new(name, config, [.. readErrors], false, DateTimeOffset.UnixEpoch);

    public static ValidatedConfig Run(params ProviderState[] providers) => Run(ValidatedConfig.Empty, providers);

    public static ValidatedConfig Run(ValidatedConfig previous, params ProviderState[] providers) =>
        ConfigValidator.Validate(
            providers.ToDictionary(p => p.Name, StringComparer.Ordinal), EntryPoints, InternalServices, previous);

    /// <summary>With entry-point <c>http.tls</c> defaults, as the node passes them from its static configuration.</summary>
    public static ValidatedConfig RunWithEntryPointTls(IReadOnlyDictionary<string, RouterTlsConfig> entryPointTls, params ProviderState[] providers) =>
        ConfigValidator.Validate(
            providers.ToDictionary(p => p.Name, StringComparer.Ordinal), EntryPoints, InternalServices, ValidatedConfig.Empty, entryPointTls);
}
