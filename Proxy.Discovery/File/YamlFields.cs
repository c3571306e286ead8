using System.Collections.Immutable;
using System.Globalization;
using YamlDotNet.RepresentationModel;

namespace Proxy.Discovery.File;

/// <summary>
/// Typed reads of the fields of one YAML mapping. Every read that finds the wrong type
/// reports it (with the field's path and line) and returns "absent", so the caller reads all
/// fields, reports every problem, and decides from <see cref="ErrorScope.HasErrors"/> whether
/// to keep the object.
/// </summary>
/// <remarks>
/// Field names match case-insensitively. That is what Traefik does: its file provider decodes
/// YAML into a tree and matches struct fields with <c>strings.EqualFold</c>, so
/// <c>entrypoints</c> works there and must work here. Typos that are more than a case
/// difference (<c>entrypoint</c>) are reported by <see cref="RejectUnknown"/>.
/// </remarks>
internal sealed class YamlFields
{
    private readonly Dictionary<string, KeyValuePair<YamlScalarNode, YamlNode>> _fields = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<string> _order = []; // file order, so errors come out in the order the operator reads them
    private readonly List<string> _asked = [];
    private readonly ErrorScope _errors;

    private YamlFields(YamlMappingNode? node, string path, ErrorScope errors)
    {
        Path = path;
        _errors = errors;
        foreach (var (key, value) in node?.Children ?? Enumerable.Empty<KeyValuePair<YamlNode, YamlNode>>())
        {
            if (key is not YamlScalarNode { Value: { } name } scalarKey)
            {
                errors.Report(path, key, $"expected a field name, got {YamlValues.Describe(key)}");
            }
            else if (_fields.TryGetValue(name, out var first))
            {
                // YamlDotNet rejects exact duplicates; these differ only in case, and which one wins should not be a guess.
                errors.Report(Child(name), key, $"field given twice ('{first.Key.Value}' on line {first.Key.Start.Line})");
            }
            else
            {
                _fields[name] = new(scalarKey, value);
                _order.Add(name);
            }
        }
    }

    public string Path { get; }

    /// <summary>
    /// Reads <paramref name="node"/> as an object: a mapping, or nothing (an object with no fields).
    /// Anything else is reported and gives null.
    /// </summary>
    public static YamlFields? Open(YamlNode node, string path, ErrorScope errors)
    {
        if (node is YamlMappingNode mapping)
        {
            return new YamlFields(mapping, path, errors);
        }

        if (YamlValues.IsNull(node))
        {
            return new YamlFields(null, path, errors);
        }

        errors.Report(path, node, $"expected a mapping, got {YamlValues.Describe(node)}");
        return null;
    }

    /// <summary>
    /// The entries of a mapping whose keys are names the operator chose (routers, services).
    /// Unlike field names these are identifiers that routers refer to, compared exactly: <c>api</c> and <c>API</c> are two routers.
    /// Null when <paramref name="node"/> is not a mapping (reported).
    /// </summary>
    public static IReadOnlyList<(string Name, YamlNode Value)>? Named(YamlNode node, string path, ErrorScope errors)
    {
        if (YamlValues.IsNull(node))
        {
            return [];
        }

        if (node is not YamlMappingNode mapping)
        {
            errors.Report(path, node, $"expected a mapping of names, got {YamlValues.Describe(node)}");
            return null;
        }

        var entries = new List<(string, YamlNode)>();
        foreach (var (key, value) in mapping.Children)
        {
            if (key is YamlScalarNode { Value: { } name })
            {
                entries.Add((name, value));
            }
            else
            {
                errors.Report(path, key, $"expected a name, got {YamlValues.Describe(key)}");
            }
        }

        return entries;
    }

    public string Child(string name) => Path.Length == 0 ? name : $"{Path}.{name}";

    /// <summary>The key of a field when present, even with no value: for fields whose presence is the point (a service kind).</summary>
    public YamlScalarNode? Key(string name)
    {
        _asked.Add(name);
        return _fields.TryGetValue(name, out var field) ? field.Key : null;
    }

    /// <summary>Every field as written, in file order, for callers that dispatch on the name (sections, middleware types).</summary>
    public IEnumerable<(string Name, YamlScalarNode Key, YamlNode Value)> All()
    {
        foreach (var name in _order)
        {
            _asked.Add(name);
            yield return (name, _fields[name].Key, _fields[name].Value);
        }
    }

    public YamlNode? Node(string name)
    {
        _asked.Add(name);
        return _fields.TryGetValue(name, out var field) && !YamlValues.IsNull(field.Value) ? field.Value : null;
    }

    /// <summary>Any scalar as its text: durations written as numbers (<c>interval: 10</c>) stay raw strings.</summary>
    public string? String(string name) => Scalar(name, "a string", static text => (true, text));

    public int? Int(string name) =>
        Scalar<int?>(name, "an integer", static text => int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) ? (true, value) : (false, null));

    public long? Long(string name) =>
        Scalar<long?>(name, "an integer", static text => long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) ? (true, value) : (false, null));

    /// <summary>The spellings Go's <c>strconv.ParseBool</c> accepts, since that is what Traefik uses.</summary>
    public bool? Bool(string name) => Scalar<bool?>(name, "true or false", static text => text switch
    {
        "true" or "True" or "TRUE" or "t" or "T" or "1" => (true, true),
        "false" or "False" or "FALSE" or "f" or "F" or "0" => (true, false),
        _ => (false, null),
    });

    /// <summary>
    /// A list of scalars. A single scalar is an error rather than a one-item list: Traefik would
    /// split it on commas, but an explicit error is easier to act on than a surprising split.
    /// </summary>
    public ImmutableArray<string> StringList(string name)
    {
        if (Node(name) is not { } node)
        {
            return [];
        }

        if (node is not YamlSequenceNode sequence)
        {
            _errors.Report(Child(name), node, $"expected a list, got {YamlValues.Describe(node)}");
            return [];
        }

        var items = ImmutableArray.CreateBuilder<string>();
        var index = 0;
        foreach (var item in sequence)
        {
            if (item is YamlScalarNode { Value: { } text } && !YamlValues.IsNull(item))
            {
                items.Add(text);
            }
            else
            {
                _errors.Report($"{Child(name)}[{index}]", item, $"expected a string, got {YamlValues.Describe(item)}");
            }

            index++;
        }

        return items.ToImmutable();
    }

    /// <summary>
    /// A mapping of names to scalar values (headers). An empty value stays an empty string:
    /// for headers that is meaningful (Traefik removes a header given an empty value).
    /// </summary>
    public ImmutableSortedDictionary<string, string> StringMap(string name)
    {
        if (Node(name) is not { } node)
        {
            return ImmutableSortedDictionary<string, string>.Empty;
        }

        if (node is not YamlMappingNode mapping)
        {
            _errors.Report(Child(name), node, $"expected a mapping, got {YamlValues.Describe(node)}");
            return ImmutableSortedDictionary<string, string>.Empty;
        }

        var result = ImmutableSortedDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in mapping.Children)
        {
            var keyText = key is YamlScalarNode { Value: { } k } ? k : null;
            if (keyText is null)
            {
                _errors.Report(Child(name), key, $"expected a name, got {YamlValues.Describe(key)}");
            }
            else if (value is YamlScalarNode scalar)
            {
                result[keyText] = YamlValues.IsNull(scalar) ? "" : scalar.Value ?? "";
            }
            else
            {
                _errors.Report($"{Child(name)}.{keyText}", value, $"expected a string, got {YamlValues.Describe(value)}");
            }
        }

        return result.ToImmutable();
    }

    /// <summary>An object that is not under a field name (an item of a list), reporting into the same scope.</summary>
    public YamlFields? Nested(YamlNode node, string path) => Open(node, path, _errors);

    public void Report(string path, YamlNode at, string problem) => _errors.Report(path, at, problem);

    /// <summary>A nested object, or null when absent or wrongly typed (the latter reported).</summary>
    public YamlFields? Object(string name) =>
        Node(name) is { } node ? Open(node, Child(name), _errors) : null;

    /// <summary>Reports every field that no read asked for: operators want typos caught, not ignored.</summary>
    public void RejectUnknown()
    {
        var known = _asked.Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        foreach (var name in _order)
        {
            var key = _fields[name].Key;
            if (!known.Contains(name, StringComparer.OrdinalIgnoreCase))
            {
                _errors.Report(Child(name), key, $"unknown or unsupported field '{name}' (expected one of: {string.Join(", ", known)})");
            }
        }
    }

    private T? Scalar<T>(string name, string expected, Func<string, (bool Ok, T? Value)> parse)
    {
        if (Node(name) is not { } node)
        {
            return default;
        }

        if (node is YamlScalarNode { Value: { } text })
        {
            var (ok, value) = parse(text);
            if (ok)
            {
                return value;
            }
        }

        _errors.Report(Child(name), node, $"expected {expected}, got {YamlValues.Describe(node)}");
        return default;
    }
}
