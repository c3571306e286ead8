using System.Collections.Immutable;
using Proxy.Actors.Model;
using Proxy.Actors.Model.Config;

namespace Proxy.Discovery.Docker;

/// <summary>
/// What a set of containers translates to: the configuration to report, and every problem found,
/// each concerning an object or a container already left out of <see cref="Config"/>.
/// </summary>
public sealed record TranslationResult(DynamicConfig Config, ImmutableArray<ConfigError> Errors);
