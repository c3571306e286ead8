using System.Text.RegularExpressions;
using Proxy.Actors.Configuration.Schema;

namespace Proxy.Discovery.Labels;

/// <summary>
/// The labels under <c>&lt;prefix&gt;.</c> as the decoder's key tree: each dot-separated part a key,
/// <c>name[n]</c> an item of the list <c>name</c>, every node positioned at a label that gave it.
/// </summary>
/// <remarks>
/// Keys merge ignoring case and keep the spelling of the first label that gave them, so the caller
/// passes the labels in ordinal order for the result not to depend on Docker's order. What the labels
/// cannot mean (one key given twice, a key with both a value and keys below it, list items with a gap)
/// becomes an <see cref="InvalidNode"/>, which the decoder reports against the object it spoils; a key
/// that is not a key (an empty part, a bad index) is an invalid entry of the mapping it would be in.
/// One value may stand beside keys below it: <c>true</c>, as in Traefik's pair <c>routers.r.tls=true</c> and
/// <c>routers.r.tls.certresolver=le</c>, where the keys say more about what <c>true</c> turned on; the keys win.
/// </remarks>
internal static partial class LabelKeyTree
{
    /// <summary>More dots than any field is deep; the limit keeps a generated label from building a deep tree.</summary>
    public const int MaxKeyParts = 32;

    /// <summary>The largest list index read: no list field holds anywhere near as many items.</summary>
    public const int MaxIndex = 999;

    private const string OneShape = "a key has a value, keys below it, or [n] items, only one of them";

    public static MappingNode From(IEnumerable<KeyValuePair<string, string>> orderedLabels, string prefix)
    {
        var root = new Draft(prefix);
        foreach (var (label, value) in orderedLabels)
        {
            if (label.Length > prefix.Length + 1
                && label.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)
                && label[prefix.Length] == '.')
            {
                Add(root, label, label[(prefix.Length + 1)..].Split('.'), value);
            }
        }

        return (MappingNode)root.Build();
    }

    private static void Add(Draft root, string label, string[] parts, string value)
    {
        if (parts.Length > MaxKeyParts)
        {
            root.AddInvalid(label, $"a key of {parts.Length} parts (at most {MaxKeyParts} are read)");
            return;
        }

        var node = root;
        for (var i = 0; i < parts.Length; i++)
        {
            var part = parts[i];
            if (part.Length == 0)
            {
                node.AddInvalid(label, "an empty part (two dots in a row, or a dot at the end)");
                return;
            }

            string name = part;
            int? index = null;
            if (part.IndexOfAny(['[', ']']) >= 0)
            {
                var match = Indexed().Match(part);
                if (!match.Success)
                {
                    node.AddInvalid(label, $"'{part}' (an index is written name[n], n from 0 to {MaxIndex})");
                    return;
                }

                name = match.Groups[1].Value;
                index = int.Parse(match.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture);
            }

            if (node.Conflicts(Shape.Keys, label))
            {
                return;
            }

            node = node.Child(name, label);
            if (index is { } n)
            {
                if (node.Conflicts(Shape.Items, label))
                {
                    return;
                }

                node = node.Item(n, label);
            }
        }

        if (node.IsKeys && IsOn(value))
        {
            return;
        }

        if (!node.Conflicts(Shape.Value, label))
        {
            node.SetValue(value);
        }
    }

    private static bool IsOn(string? value) => value?.Trim().Equals("true", StringComparison.OrdinalIgnoreCase) == true;

    [GeneratedRegex(@"^([^\[\]]+)\[([0-9]{1,3})\]$", RegexOptions.CultureInvariant)]
    private static partial Regex Indexed();

    private enum Shape
    {
        None,
        Value,
        Keys,
        Items,
    }

    /// <summary>One node while the labels are read; mutable, and never leaves <see cref="From"/>.</summary>
    private sealed class Draft(string firstLabel)
    {
        /// <summary>The label that made this node: where errors about the node point.</summary>
        private readonly string _firstLabel = firstLabel;
        private readonly List<(string Key, string Label, Draft? Node, string? Invalid)> _entries = [];
        private readonly Dictionary<string, Draft> _byKey = new(StringComparer.OrdinalIgnoreCase);
        private readonly SortedDictionary<int, Draft> _items = [];
        private Shape _shape;
        private string? _value;
        private string? _problem;
        private string _problemLabel = "";

        public bool IsKeys => _shape == Shape.Keys && _problem is null;

        public Draft Child(string key, string label)
        {
            _shape = Shape.Keys;
            if (!_byKey.TryGetValue(key, out var child))
            {
                child = new Draft(label);
                _byKey[key] = child;
                _entries.Add((key, label, child, null));
            }

            return child;
        }

        public Draft Item(int index, string label)
        {
            _shape = Shape.Items;
            if (!_items.TryGetValue(index, out var item))
            {
                item = new Draft(label);
                _items[index] = item;
            }

            return item;
        }

        public void SetValue(string value)
        {
            _shape = Shape.Value;
            _value = value;
        }

        /// <summary>An entry whose key is not a key: the decoder reports it in the object it would be in.</summary>
        public void AddInvalid(string label, string written)
        {
            if ((_problem is not null || _shape is Shape.Value or Shape.Items) && Conflicts(Shape.Keys, label))
            {
                return;
            }

            _shape = Shape.Keys;
            _entries.Add(("", label, null, written));
        }

        /// <summary>
        /// Whether <paramref name="label"/> cannot give this node <paramref name="wanted"/>; the first such
        /// label makes the node invalid, later ones add nothing (one error per key is enough to act on).
        /// </summary>
        public bool Conflicts(Shape wanted, string label)
        {
            if (_problem is not null)
            {
                return true;
            }

            if (_shape == Shape.None || (_shape == wanted && wanted != Shape.Value))
            {
                return false;
            }

            if (_shape == Shape.Value && wanted == Shape.Keys && IsOn(_value))
            {
                _value = null;
                return false;
            }

            _problem = _shape == Shape.Value && wanted == Shape.Value
                ? $"given twice (also as label {_firstLabel}); keys are case-insensitive"
                : $"label {_firstLabel} gives {Describe(_shape)} and label {label} gives {Describe(wanted)}; {OneShape}";
            _problemLabel = label;
            return true;
        }

        public KeyNode Build()
        {
            var at = new KeyPosition.Label(_firstLabel);
            if (_problem is not null)
            {
                return new InvalidNode(_problem, new KeyPosition.Label(_problemLabel));
            }

            switch (_shape)
            {
                case Shape.Value:
                    return new ScalarNode(_value, at);
                case Shape.Items:
                    return Items(at);
                default:
                    return new MappingNode(
                        [.. _entries.Select(e => e.Node is null
                            ? new KeyEntry("", new KeyPosition.Label(e.Label), new ScalarNode(null, new KeyPosition.Label(e.Label))) { InvalidKey = e.Invalid }
                            : new KeyEntry(e.Key, new KeyPosition.Label(e.Label), e.Node.Build()))],
                        at);
            }
        }

        private KeyNode Items(KeyPosition at)
        {
            var expected = 0;
            foreach (var (index, item) in _items)
            {
                if (index != expected)
                {
                    return new InvalidNode(
                        $"has item [{index}] (label {item._firstLabel}) but no item [{expected}]; list indices count from 0 without a gap",
                        new KeyPosition.Label(item._firstLabel));
                }

                expected++;
            }

            return new SequenceNode([.. _items.Values.Select(item => item.Build())], at);
        }

        private static string Describe(Shape shape) => shape switch
        {
            Shape.Value => "it a value",
            Shape.Keys => "keys below it",
            _ => "[n] items of it",
        };
    }
}
