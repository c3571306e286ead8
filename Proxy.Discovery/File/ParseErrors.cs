using System.Collections.Immutable;
using Proxy.Actors.Model;
using YamlDotNet.RepresentationModel;

namespace Proxy.Discovery.File;

/// <summary>
/// The errors of one parse, in file order. Created per call so that parsing stays a pure
/// function of its input; never shared between parses.
/// </summary>
internal sealed class ParseErrors(string source)
{
    private readonly ImmutableArray<ConfigError>.Builder _errors = ImmutableArray.CreateBuilder<ConfigError>();

    /// <summary>Errors outside any router, service or middleware: nothing is left out but the section itself.</summary>
    public ErrorScope Root() => new(this, null);

    /// <summary>Errors inside one object: any error leaves the whole object out, and the message says so.</summary>
    public ErrorScope ForObject(string kind, string name) => new(this, $"{kind} '{name}' is left out");

    public void Add(string path, YamlNode? at, string problem) =>
        _errors.Add(new ConfigError(source, path, at is null ? problem : $"line {at.Start.Line}: {problem}"));

    public ImmutableArray<ConfigError> ToImmutable() => _errors.ToImmutable();
}
