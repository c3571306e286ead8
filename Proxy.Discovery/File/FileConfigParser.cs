using System.Collections.Immutable;
using System.Text.RegularExpressions;
using Proxy.Actors.Model;
using Proxy.Actors.Model.Config;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Proxy.Discovery.File;

/// <summary>
/// Turns the text of a Traefik v3 file-provider YAML file into a <see cref="DynamicConfig"/>.
/// Works on YamlDotNet's node tree rather than deserializing into classes, so that a wrong field
/// costs only the object it is in and every error carries its dotted path and line.
/// </summary>
public static partial class FileConfigParser
{
    /// <param name="content">The file's text.</param>
    /// <param name="path">The file's path, used only to name the source of errors (<c>file:&lt;path&gt;</c>).</param>
    public static FileParseResult Parse(string content, string path)
    {
        if (YamlCycles.Find(content) is { } cycle)
        {
            return Unreadable($"file:{path}", $"line {cycle.Start.Line}, column {cycle.Start.Column}: alias *{cycle.Anchor} is inside the node &{cycle.Anchor} names; a node cannot contain itself");
        }

        var source = $"file:{path}";
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(content));
        }
        catch (YamlException e)
        {
            return Unreadable(source, $"line {e.Start.Line}, column {e.Start.Column}: {Reason(e)}");
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException)
        {
            // YamlDotNet's scanner and document builder throw these, with no position, for some
            // malformed files (a flow mapping broken across lines, a sequence entry "- : x"; found by ops/fuzz).
            return Unreadable(source, $"{Where(content)}not valid YAML: a key, a value or a bracket is missing or out of place");
        }

        if (stream.Documents.Count == 0 || YamlValues.IsNull(stream.Documents[0].RootNode))
        {
            return new FileParseResult.Parsed(DynamicConfig.Empty, []);
        }

        if (stream.Documents.Count > 1)
        {
            // Traefik reads only the first document; silently ignoring the others would hide configuration.
            return Unreadable(source, $"line {stream.Documents[1].RootNode.Start.Line}: the file has {stream.Documents.Count} YAML documents; only one is supported");
        }

        var root = stream.Documents[0].RootNode;
        if (root is not YamlMappingNode)
        {
            return Unreadable(source, $"line {root.Start.Line}: expected a mapping with an 'http' section, got {YamlValues.Describe(root)}");
        }

        var errors = new ParseErrors(source);
        var config = WithServerSource(ParseRoot(root, errors), source);
        return new FileParseResult.Parsed(config, errors.ToImmutable());
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

    private static DynamicConfig ParseRoot(YamlNode root, ParseErrors errors)
    {
        var config = DynamicConfig.Empty;
        var scope = errors.Root();
        if (YamlFields.Open(root, "", scope) is not { } top)
        {
            return config;
        }

        foreach (var (name, key, value) in top.All())
        {
            if (name.Equals("http", StringComparison.OrdinalIgnoreCase))
            {
                config = ParseHttp(value, errors);
            }
            else
            {
                scope.Report(name, key, $"'{name}' configuration is not supported (only http is); it is ignored");
            }
        }

        return config;
    }

    private static DynamicConfig ParseHttp(YamlNode node, ParseErrors errors)
    {
        var config = DynamicConfig.Empty;
        var scope = errors.Root();
        if (YamlFields.Open(node, "http", scope) is not { } http)
        {
            return config;
        }

        foreach (var (name, key, value) in http.All())
        {
            var path = http.Child(name);
            switch (name.ToLowerInvariant())
            {
                case "routers":
                    config = config with { Routers = ParseSection(value, path, "router", errors, config.Routers, RouterParser.Parse) };
                    break;
                case "services":
                    config = config with { Services = ParseSection(value, path, "service", errors, config.Services, ServiceParser.Parse) };
                    break;
                case "middlewares":
                    config = config with { Middlewares = ParseSection(value, path, "middleware", errors, config.Middlewares, MiddlewareParser.Parse) };
                    break;
                default:
                    scope.Report(path, key, $"'{name}' is not supported (only routers, services and middlewares are); it is ignored");
                    break;
            }
        }

        return config;
    }

    /// <summary>Reads every named object of one section, keeping those that parsed without error.</summary>
    private static ImmutableSortedDictionary<string, T> ParseSection<T>(
        YamlNode node,
        string path,
        string kind,
        ParseErrors errors,
        ImmutableSortedDictionary<string, T> empty,
        Func<YamlNode, string, ErrorScope, T?> parse)
        where T : class
    {
        // Starting from the contract's empty dictionary keeps its key comparer.
        var result = empty.ToBuilder();
        foreach (var (name, value) in YamlFields.Named(node, path, errors.Root()) ?? [])
        {
            if (parse(value, $"{path}.{name}", errors.ForObject(kind, name)) is { } parsed)
            {
                result[name] = parsed;
            }
        }

        return result.ToImmutable();
    }

    /// <summary>YamlDotNet puts both marks in front of its message; our message has its own location.</summary>
    /// <summary>
    /// Where YamlDotNet gave up: the same text loaded again (it fails the same way) through a
    /// parser whose current event is then the last one it read.
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

    private static string Reason(YamlException e) => MarkPrefix().Replace(e.Message, "");

    [GeneratedRegex(@"^\(Line: \d+, Col: \d+, Idx: \d+\) - \(Line: \d+, Col: \d+, Idx: \d+\): ")]
    private static partial Regex MarkPrefix();
}
