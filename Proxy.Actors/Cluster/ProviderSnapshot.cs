using System.Collections.Immutable;
using Proxy.Actors.Model;
using Proxy.Actors.Model.Config;

namespace Proxy.Actors.Cluster;

/// <summary>
/// What one provider on one node discovered, stored under a key that only <paramref name="Node"/>
/// writes, so replicas never have to resolve concurrent writes to the same key.
/// <paramref name="Version"/> grows with every publication of that node, so a reader can tell a
/// newer snapshot from an older one. <paramref name="ReadFailed"/> says the provider could not
/// read its source (daemon down): readers then keep what they had instead of dropping the routes.
/// </summary>
public sealed record ProviderSnapshot(
    string Node,
    string Provider,
    long Version,
    DynamicConfig Config,
    ImmutableArray<ConfigError> Errors,
    bool ReadFailed) : IClusterMessage;
