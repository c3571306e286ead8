using System.Collections.Immutable;
using System.Globalization;

namespace Proxy.Actors.Configuration.Schema;

/// <summary>
/// Turns a provider's <see cref="KeyNode"/> tree into configuration records by their declarations.
/// Every problem is reported and decoding goes on: a wrong value costs its field outside named
/// objects, and the whole entry inside one (a router with a bad priority is left out, the other
/// routers are kept), as a half-read router could route where the operator did not mean.
/// </summary>
/// <remarks>
/// Field names match ignoring case, as Traefik's decoders do (<c>strings.EqualFold</c>), so
/// <c>entrypoints</c> works; names the operator chooses (routers, headers) keep their spelling.
/// </remarks>
public static class SchemaDecoder
{
    public static Decoded<T> Decode<T>(RecordSchema<T> schema, KeyNode root, DecodeOptions options, string path = "")
        where T : class
    {
        var errors = ImmutableArray.CreateBuilder<DecodeError>();
        var run = new Run(options, errors);
        var value = run.Record(schema, root, path) as T ?? schema.Empty;
        return new Decoded<T>(value, errors.ToImmutable());
    }

    private sealed class Run(DecodeOptions options, ImmutableArray<DecodeError>.Builder errors)
    {
        /// <summary>The record, or null when <paramref name="node"/> is not a mapping (reported).</summary>
        public object? Record(IRecordSchema schema, KeyNode node, string path)
        {
            if (node is ScalarNode { IsNull: true })
            {
                return schema.Empty;
            }

            if (Invalid(node, path))
            {
                return null;
            }

            if (node is not MappingNode mapping)
            {
                var fields = options.FieldsInMappingErrors ? $" (fields: {string.Join(", ", schema.UserFields.Select(f => f.Name))})" : "";
                Report(path, node.Position, $"expected a mapping, got {node.Describe()}{fields}");
                return null;
            }

            var record = schema.Empty;
            var errorsBefore = errors.Count;
            var seen = new Dictionary<string, KeyEntry>(StringComparer.OrdinalIgnoreCase);
            var given = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (var entry in mapping.Entries)
            {
                if (entry.InvalidKey is { } written)
                {
                    Report(path, entry.KeyPosition, $"expected a field name, got {written}");
                    continue;
                }

                if (seen.TryGetValue(entry.Key, out var first))
                {
                    // Two spellings of one key: which one wins should not be a guess.
                    var where = first.KeyPosition is { } at ? $" on {at.Describe()}" : "";
                    Report(Child(path, entry.Key), entry.KeyPosition, $"field given twice ('{first.Key}'{where})");
                    continue;
                }

                seen[entry.Key] = entry;
                var field = schema.Find(entry.Key);
                if (field is null)
                {
                    if (schema.KeepUnknown is { } keep)
                    {
                        record = keep(record, entry.Key);
                    }
                    else
                    {
                        Report(Child(path, entry.Key), entry.KeyPosition, Unknown(schema, entry.Key), schema.IgnoresUnsupported);
                    }

                    continue;
                }

                given.Add(field.Name);
                if (field.Use == FieldUse.NotSupported)
                {
                    Report(Child(path, field.Name), entry.KeyPosition, field.NotSupportedMessage!, schema.IgnoresUnsupported);
                    continue;
                }

                var (present, value) = Value(field, entry.Value, Child(path, field.Name));
                if (present)
                {
                    record = field.Set(record, value);
                }
            }

            if (!schema.OneOfRequired.IsEmpty && errors.Count == errorsBefore && !schema.OneOfRequired.Any(given.Contains))
            {
                Report(path, node.Position, schema.OneOfRequiredMessage!);
            }

            return record;
        }

        private static string Unknown(IRecordSchema schema, string written)
        {
            var suggestion = Suggestions.Closest(written, schema.Fields.Where(f => f.Use != FieldUse.Internal).Select(f => f.Name));
            if (schema.UnknownFieldMessage is { } message)
            {
                return message(written, suggestion);
            }

            var didYouMean = suggestion is null ? "" : $", did you mean '{suggestion}'?";
            return $"unknown or unsupported field '{written}'{didYouMean} (expected one of: {string.Join(", ", schema.UserFields.Select(f => f.Name))})";
        }

        /// <summary>The field's value from <paramref name="node"/>; not present when given nothing or when wrong (reported).</summary>
        private (bool Present, object? Value) Value(IField field, KeyNode node, string path)
        {
            if (Invalid(node, path))
            {
                return (false, null);
            }

            var isNull = node is ScalarNode { IsNull: true };
            switch (field.Kind)
            {
                case FieldKind.Object when field.IsSwitch && node is ScalarNode { Value: { } text } && ScalarValues.Bool(text.Trim()) is { } on:
                    return on ? (true, field.Element!.Empty) : (false, null);
                case FieldKind.Object:
                    return isNull && !field.NothingMeansEmpty ? (false, null)
                        : Record(field.Element!, node, path) is { } nested ? (true, nested) : (false, null);
                case FieldKind.ObjectMap:
                    return isNull ? (false, null) : Map(field, node, path);
                case FieldKind.ObjectList:
                    return isNull ? (false, null) : List(field, node, path);
                case FieldKind.StringList:
                    return isNull ? (false, null) : Strings(node, path);
                case FieldKind.StringMap:
                    return isNull ? (false, null) : StringMap(node, path);
                default:
                    return isNull ? (false, null) : Scalar(field.Kind, node, path);
            }
        }

        private (bool, object?) Scalar(FieldKind kind, KeyNode node, string path)
        {
            var text = (node as ScalarNode)?.Value;
            object? value = kind switch
            {
                FieldKind.String or FieldKind.Duration => text is null ? null : options.TrimValues ? text.Trim() : text,
                FieldKind.Int => int.TryParse(text?.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var i) ? i : null,
                FieldKind.Long => long.TryParse(text?.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l) ? l : null,
                FieldKind.Bool => ScalarValues.Bool(text?.Trim()),
                _ => throw new InvalidOperationException($"{kind} is not a scalar kind"),
            };
            if (value is null)
            {
                Report(path, node.Position, $"expected {ScalarValues.Expected(kind)}, got {node.Describe()}");
                return (false, null);
            }

            return (true, value);
        }

        private (bool, object?) Strings(KeyNode node, string path)
        {
            if (node is ScalarNode { Value: { } joined } && options.ScalarLists)
            {
                return (true, joined.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).ToImmutableArray());
            }

            if (node is not SequenceNode sequence)
            {
                Report(path, node.Position, $"expected a list, got {node.Describe()}");
                return (false, null);
            }

            var items = ImmutableArray.CreateBuilder<string>(sequence.Items.Length);
            var ok = true;
            for (var i = 0; i < sequence.Items.Length; i++)
            {
                if (sequence.Items[i] is ScalarNode { Value: { } text })
                {
                    items.Add(options.TrimValues ? text.Trim() : text);
                }
                else if (Invalid(sequence.Items[i], $"{path}[{i}]"))
                {
                    ok = false;
                }
                else
                {
                    Report($"{path}[{i}]", sequence.Items[i].Position, $"expected a string, got {sequence.Items[i].Describe()}");
                    ok = false;
                }
            }

            return ok ? (true, items.MoveToImmutable()) : (false, null);
        }

        /// <summary>Names to texts (headers). Given nothing, a value is the empty text: for headers that means "remove".</summary>
        private (bool, object?) StringMap(KeyNode node, string path)
        {
            if (node is not MappingNode mapping)
            {
                Report(path, node.Position, $"expected a mapping, got {node.Describe()}");
                return (false, null);
            }

            var result = ImmutableSortedDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
            var ok = true;
            foreach (var entry in mapping.Entries)
            {
                if (entry.InvalidKey is { } written)
                {
                    Report(path, entry.KeyPosition, $"expected a name, got {written}");
                    ok = false;
                }
                else if (entry.Value is ScalarNode scalar)
                {
                    result[entry.Key] = scalar.Value ?? "";
                }
                else if (Invalid(entry.Value, $"{path}.{entry.Key}"))
                {
                    ok = false;
                }
                else
                {
                    Report($"{path}.{entry.Key}", entry.Value.Position, $"expected a string, got {entry.Value.Describe()}");
                    ok = false;
                }
            }

            return ok ? (true, result.ToImmutable()) : (false, null);
        }

        private (bool, object?) List(IField field, KeyNode node, string path)
        {
            if (node is not SequenceNode sequence)
            {
                Report(path, node.Position, $"expected a list of {field.Name}, got {node.Describe()}");
                return (false, null);
            }

            var items = new List<object>(sequence.Items.Length);
            for (var i = 0; i < sequence.Items.Length; i++)
            {
                if (Record(field.Element!, sequence.Items[i], $"{path}[{i}]") is { } item)
                {
                    items.Add(item);
                }
            }

            return (true, field.ListOf(items));
        }

        /// <summary>Named entries; an entry with any error is left out whole, and each of its errors says so.</summary>
        private (bool, object?) Map(IField field, KeyNode node, string path)
        {
            if (node is not MappingNode mapping)
            {
                Report(path, node.Position, $"expected a mapping of names, got {node.Describe()}");
                return (false, null);
            }

            var entries = new List<KeyValuePair<string, object>>(mapping.Entries.Length);
            var names = new HashSet<string>(StringComparer.Ordinal);
            foreach (var entry in mapping.Entries)
            {
                if (entry.InvalidKey is { } written)
                {
                    Report(path, entry.KeyPosition, $"expected a name, got {written}");
                    continue;
                }

                // YAML refuses a repeated key; a tree from another source might not, and which entry wins should not be a guess.
                if (!names.Add(entry.Key))
                {
                    Report($"{path}.{entry.Key}", entry.KeyPosition, $"{field.EntryNoun} '{entry.Key}' given twice; the first is kept");
                    continue;
                }

                var errorsBefore = errors.Count;
                var record = Record(field.Element!, entry.Value, $"{path}.{entry.Key}");
                if (errors.Count == errorsBefore && record is not null)
                {
                    entries.Add(KeyValuePair.Create(entry.Key, record));
                    continue;
                }

                var consequence = $"; {field.EntryNoun} '{entry.Key}' is left out";
                for (var i = errorsBefore; i < errors.Count; i++)
                {
                    errors[i] = errors[i] with { Problem = errors[i].Problem + consequence };
                }
            }

            return (true, field.MapOf(entries));
        }

        /// <summary>Reports the provider's own problem with <paramref name="node"/>, if it is an <see cref="InvalidNode"/>.</summary>
        private bool Invalid(KeyNode node, string path)
        {
            if (node is not InvalidNode invalid)
            {
                return false;
            }

            Report(path, invalid.Position, invalid.Problem);
            return true;
        }

        private void Report(string path, KeyPosition? position, string message, bool ignored = false) =>
            errors.Add(new DecodeError(path, position, message, ignored));

        private static string Child(string path, string name) => path.Length == 0 ? name : $"{path}.{name}";
    }
}
