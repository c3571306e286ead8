using System.Collections.Immutable;
using Proxy.Actors.Model;

namespace Proxy.Node.Hosting;

/// <summary>
/// What one source read: its values under canonical dotted lower-case keys, and the errors of the source
/// itself (a flag with no value, a YAML syntax error). Values are still unchecked.
/// </summary>
public sealed record SourceResult(ImmutableDictionary<string, ConfigValue> Values, ImmutableArray<ConfigError> Errors)
{
    /// <summary>What the source ignored and the operator should hear about (unknown <c>PROXY_*</c> variables).</summary>
    public ImmutableArray<ConfigWarning> Warnings { get; init; } = [];

    public static SourceResult Empty { get; } = new(ImmutableDictionary<string, ConfigValue>.Empty, []);
}
