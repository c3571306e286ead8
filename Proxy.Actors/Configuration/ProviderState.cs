using System.Collections.Immutable;
using Proxy.Actors.Model;
using Proxy.Actors.Model.Config;

namespace Proxy.Actors.Configuration;

/// <summary>
/// What the configuration actor remembers of one provider: its last readable configuration and
/// the errors of its latest read (<see cref="ReadFailed"/> when that read produced nothing usable).
/// </summary>
public sealed record ProviderState(
    string Name,
    DynamicConfig Config,
    ImmutableArray<ConfigError> ReadErrors,
    bool ReadFailed,
    DateTimeOffset LastChange);
