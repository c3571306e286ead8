using System.Collections.Immutable;
using System.Text.RegularExpressions;
using Proxy.Actors.Model;
using Proxy.Discovery.Yaml;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Proxy.Node.Hosting;

/// <summary>
/// Reads a static configuration file in Traefik's shape (<c>entryPoints: { web: { address: ":8000" } }</c>)
/// into dotted keys, lower-casing each key and remembering its line for error messages.
/// </summary>
public static partial class YamlFileSource
{
    // YamlDotNet prefixes its messages with both marks; the line is already in our own prefix.
    [GeneratedRegex(@"^\(Line: \d+, Col: \d+, Idx: \d+\) - \(Line: \d+, Col: \d+, Idx: \d+\): ", RegexOptions.CultureInvariant)]
    private static partial Regex MarkPrefix();

    public static SourceResult Parse(string text, string file)
    {
        YamlStream stream;
        try
        {
            stream = BoundedYaml.Load(text, YamlLimits.StaticFile);
        }
        catch (YamlException ex)
        {
            var line = ex.Start.Line;
            return Failure(file, line, "", $"{file} line {line} is not valid YAML: {MarkPrefix().Replace(ex.Message, "")}");
        }
        catch (Exception ex) when (ex is InvalidOperationException or ArgumentException)
        {
            // YamlDotNet's document builder throws these, with no position, for some malformed files
            // ("- : x"; found by ops/fuzz on the dynamic file): an error, not a crash at start.
            return new(ImmutableDictionary<string, ConfigValue>.Empty, [new ConfigError($"file {file}", "",
                $"{file} is not valid YAML: a key, a value or a bracket is missing or out of place")]);
        }

        if (stream.Documents.Count == 0)
        {
            return SourceResult.Empty;
        }

        if (stream.Documents.Count > 1)
        {
            var line = stream.Documents[1].RootNode.Start.Line;
            return Failure(file, line, "", $"{file} line {line} starts a second YAML document; write one document");
        }

        var root = stream.Documents[0].RootNode;
        if (root is not YamlMappingNode mapping)
        {
            if (IsNull(root))
            {
                return SourceResult.Empty;
            }

            return Failure(file, root.Start.Line, "", $"{file} line {root.Start.Line}: expected option keys such as entryPoints: at the top level");
        }

        var values = ImmutableDictionary.CreateBuilder<string, ConfigValue>();
        var errors = ImmutableArray.CreateBuilder<ConfigError>();
        Flatten(mapping, "", "", file, values, errors);
        return new SourceResult(values.ToImmutable(), errors.ToImmutable());
    }

    private static void Flatten(
        YamlMappingNode mapping,
        string keyPrefix,
        string writtenPrefix,
        string file,
        ImmutableDictionary<string, ConfigValue>.Builder values,
        ImmutableArray<ConfigError>.Builder errors)
    {
        foreach (var (keyNode, valueNode) in mapping.Children)
        {
            var line = (int)keyNode.Start.Line;
            if (keyNode is not YamlScalarNode { Value: { Length: > 0 } keyText })
            {
                errors.Add(new ConfigError($"file {file} line {line}", keyPrefix,
                    $"{file} line {line}: keys must be plain words"));
                continue;
            }

            var key = keyPrefix + keyText.ToLowerInvariant();
            var written = writtenPrefix + keyText;
            var origin = ConfigOrigin.InFile(file, line, written);
            switch (valueNode)
            {
                case YamlMappingNode { Children.Count: 0 } when StaticOptions.Find(key, out _) is { Kind: OptionKind.Bool }:
                    // Traefik's `tls: {}`: the section exists with every field at its default, which is the switch on.
                    values[key] = new ConfigValue("true", origin);
                    break;
                case YamlMappingNode child:
                    Flatten(child, key + ".", written + ".", file, values, errors);
                    break;
                case YamlScalarNode scalar when IsNull(scalar):
                    // YAML's null (`web:` with nothing after it) means the same as leaving the key out.
                    break;
                case YamlScalarNode scalar:
                    values[key] = new ConfigValue(scalar.Value ?? "", origin);
                    break;
                case YamlSequenceNode sequence when StaticOptions.Find(key, out _) is { } option && option.Kind.IsList():
                    if (ListItems(sequence, origin, key, errors) is { } items)
                    {
                        values[key] = new ConfigValue(items, origin);
                    }

                    break;
                case YamlSequenceNode sequence when sequence.Children.Count > 0 && sequence.Children.All(item => item is YamlMappingNode):
                    // A list of objects (Traefik's `domains: [{main: ..., sans: [...]}]`) is read as the flags write it: domains[0].main.
                    for (var index = 0; index < sequence.Children.Count; index++)
                    {
                        Flatten((YamlMappingNode)sequence.Children[index], $"{key}[{index}].", $"{written}[{index}].", file, values, errors);
                    }

                    break;
                default:
                    errors.Add(new ConfigError(origin.Description, key,
                        $"{origin.Named}: this option takes one value, not a list"));
                    break;
            }
        }
    }

    /// <summary>A YAML list becomes the same comma-separated text a flag or variable would carry.</summary>
    private static string? ListItems(YamlSequenceNode sequence, ConfigOrigin origin, string key, ImmutableArray<ConfigError>.Builder errors)
    {
        var items = new List<string>();
        foreach (var item in sequence.Children)
        {
            if (item is not YamlScalarNode { Value: { } text } || IsNull(item))
            {
                errors.Add(new ConfigError(origin.Description, key,
                    $"{origin.Named}: list items must be plain values (line {item.Start.Line})"));
                return null;
            }

            items.Add(text);
        }

        if (items.Count == 0)
        {
            // An empty list means the same as leaving the key out, like YAML's null.
            return null;
        }

        return string.Join(OptionList.Separator, items);
    }

    private static bool IsNull(YamlNode node) =>
        node is YamlScalarNode { Style: ScalarStyle.Plain or ScalarStyle.Any, Value: null or "" or "~" or "null" or "Null" or "NULL" };

    private static SourceResult Failure(string file, long line, string key, string message) =>
        new(ImmutableDictionary<string, ConfigValue>.Empty, [new ConfigError($"file {file} line {line}", key, message)]);
}
