using System.Collections.Immutable;
using System.Text.RegularExpressions;
using Proxy.Actors.Configuration.Schema;
using Proxy.Actors.Model;
using Proxy.Actors.Model.Config;
using Proxy.Discovery.Yaml;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Proxy.Discovery.File;

/// <summary>
/// Turns the text of a Traefik v3 file-provider YAML file into a <see cref="DynamicConfig"/>: loads it
/// within <see cref="YamlLimits.DynamicFile"/>, converts YamlDotNet's node tree into the key tree, and
/// decodes that by the configuration's declared fields (<see cref="DynamicConfig.Schema"/>), so that a
/// wrong field costs only the object it is in and every error carries its dotted path and line.
/// </summary>
public static partial class FileConfigParser
{
    /// <param name="content">The file's text.</param>
    /// <param name="path">The file's path, used only to name the source of errors (<c>file:&lt;path&gt;</c>).</param>
    public static FileParseResult Parse(string content, string path)
    {
        var source = $"file:{path}";
        YamlStream stream;
        try
        {
            stream = BoundedYaml.Load(content, YamlLimits.DynamicFile);
        }
        catch (YamlException e)
        {
            return Unreadable(source, $"line {e.Start.Line}, column {e.Start.Column}: {Reason(e)}");
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException)
        {
            // YamlDotNet's document builder throws these, with no position, for some malformed files
            // (a flow mapping broken across lines, a sequence entry "- : x"; found by ops/fuzz).
            return Unreadable(source, $"{Where(content)}not valid YAML: a key, a value or a bracket is missing or out of place");
        }

        if (stream.Documents.Count == 0 || YamlKeyTree.IsNull(stream.Documents[0].RootNode))
        {
            return new FileParseResult.Parsed(DynamicConfig.Empty, []);
        }

        if (stream.Documents.Count > 1)
        {
            // Traefik reads only the first document; silently ignoring the others would hide configuration.
            return Unreadable(source, $"line {stream.Documents[1].RootNode.Start.Line}: the file has {stream.Documents.Count} YAML documents; only one is supported");
        }

        var root = stream.Documents[0].RootNode;
        var tree = YamlKeyTree.From(root);
        if (root is not YamlMappingNode)
        {
            return Unreadable(source, $"line {root.Start.Line}: expected a mapping with an 'http' section, got {tree.Describe()}");
        }

        var decoded = SchemaDecoder.Decode(DynamicConfig.Schema, tree, DecodeOptions.Yaml);
        return new FileParseResult.Parsed(
            WithServerSource(decoded.Value, source),
            [.. decoded.Errors.Select(e => new ConfigError(source, e.Path, e.MessageWithPosition))]);
    }

    /// <summary>Every server says which file declared it, as a container's servers name their Docker host.</summary>
    private static DynamicConfig WithServerSource(DynamicConfig config, string source) => config with
    {
        Services = config.Services.ToImmutableSortedDictionary(
            s => s.Key,
            s => s.Value.LoadBalancer is { } lb
                ? s.Value with { LoadBalancer = lb with { Servers = lb.Servers.IsDefault ? lb.Servers : [.. lb.Servers.Select(server => server with { Source = source })] } }
                : s.Value,
            config.Services.KeyComparer),
    };

    private static FileParseResult Unreadable(string source, string message) =>
        new FileParseResult.Unreadable([new ConfigError(source, "", message)]);

    /// <summary>
    /// Where the builder gave up: the same text loaded again (it fails the same way) through a
    /// parser whose current event is then the one it could not place.
    /// </summary>
    private static string Where(string content)
    {
        var parser = new Parser(new StringReader(content));
        try
        {
            new YamlStream().Load(parser);
        }
        catch (Exception e) when (e is YamlException or InvalidOperationException or ArgumentException)
        {
            if (parser.Current is { } at)
            {
                return $"line {at.Start.Line}, column {at.Start.Column}: ";
            }
        }

        return "";
    }

    /// <summary>YamlDotNet puts both marks in front of its message; our message has its own location.</summary>
    private static string Reason(YamlException e) => MarkPrefix().Replace(e.Message, "");

    [GeneratedRegex(@"^\(Line: \d+, Col: \d+, Idx: \d+\) - \(Line: \d+, Col: \d+, Idx: \d+\): ")]
    private static partial Regex MarkPrefix();
}
