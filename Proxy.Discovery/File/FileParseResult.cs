using System.Collections.Immutable;
using Proxy.Actors.Model;
using Proxy.Actors.Model.Config;

namespace Proxy.Discovery.File;

/// <summary>
/// What reading one file produced. The two cases map one-to-one onto the provider messages:
/// a file that parsed (possibly with objects left out) replaces the provider's configuration,
/// a file that could not be read at all keeps the last good one.
/// </summary>
public abstract record FileParseResult
{
    private FileParseResult()
    {
    }

    /// <summary>The file was read; <see cref="Errors"/> concern objects already left out of <see cref="Config"/>.</summary>
    public sealed record Parsed(DynamicConfig Config, ImmutableArray<ConfigError> Errors) : FileParseResult;

    /// <summary>The file as a whole could not be read (YAML syntax error, not a mapping).</summary>
    public sealed record Unreadable(ImmutableArray<ConfigError> Errors) : FileParseResult;
}
