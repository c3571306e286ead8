using System.Collections.Immutable;
using Proxy.Actors.Model;
using Proxy.Actors.Model.Config;

namespace Proxy.Actors.Configuration;

/// <summary>
/// A provider's whole current configuration. Replaces what that provider reported before.
/// <paramref name="Errors"/> are problems the provider found while reading its source
/// (a label it could not parse, a YAML field of the wrong type); the objects they concern
/// are already left out of <paramref name="Config"/>.
/// </summary>
public sealed record ProviderConfigurationChanged(string Provider, DynamicConfig Config, ImmutableArray<ConfigError> Errors);

/// <summary>
/// A provider could not read its source at all (YAML syntax error, unreadable file).
/// The configuration actor keeps that provider's last good configuration and shows the errors.
/// </summary>
public sealed record ProviderConfigurationFailed(string Provider, ImmutableArray<ConfigError> Errors);

/// <summary>
/// The sources a provider watches and their state (Docker hosts, a file), for the cluster API's
/// per-member view. Replaces what that provider reported before.
/// </summary>
public sealed record ProviderSourcesChanged(string Provider, ImmutableArray<Cluster.SourceStatus> Sources);
