using System.Collections.Immutable;
using Proxy.Actors.Model.Config;

namespace Proxy.Actors.Cluster;

/// <summary>
/// Writes a <see cref="DynamicConfig"/> by its declarations (<see cref="WireLayout"/>): the prefix
/// table, then every field in declaration order by its shape. Nothing here names a record or a field,
/// so a field declared on a record is written without a change here.
/// </summary>
internal sealed class ConfigWriter
{
    private readonly BinaryWriter _writer;
    private readonly PrefixTable _prefixes;

    private ConfigWriter(BinaryWriter writer, PrefixTable prefixes)
    {
        _writer = writer;
        _prefixes = prefixes;
    }

    public static void Write(BinaryWriter writer, DynamicConfig config)
    {
        var layout = WireLayout.Dynamic;
        var prefixes = PrefixTable.Of(layout, config);
        writer.Write7BitEncodedInt(prefixes.Prefixes.Length);
        foreach (var prefix in prefixes.Prefixes)
        {
            writer.Write(prefix);
        }

        new ConfigWriter(writer, prefixes).Record(layout, config);
    }

    private void Record(WireLayout layout, object record)
    {
        foreach (var field in layout.Fields)
        {
            if (field.Shape == WireShape.Registry)
            {
                Types(field, record);
            }
            else
            {
                Value(field, field.Field!.Get(record));
            }
        }
    }

    private void Value(WireField field, object? value)
    {
        switch (field.Shape)
        {
            case WireShape.Text:
                Present(value);
                if (value is string text)
                {
                    _writer.Write(text);
                }

                break;
            case WireShape.SharedText:
                if (value is string shared)
                {
                    var prefix = PrefixTable.Prefix(shared);
                    _writer.Write7BitEncodedInt(_prefixes.IndexOf(prefix) + 1);
                    _writer.Write(shared[prefix.Length..]);
                }
                else
                {
                    _writer.Write7BitEncodedInt(0);
                }

                break;
            case WireShape.Int:
                Present(value);
                if (value is int number)
                {
                    _writer.Write7BitEncodedInt(number);
                }

                break;
            case WireShape.Long:
                Present(value);
                if (value is long big)
                {
                    _writer.Write7BitEncodedInt64(big);
                }

                break;
            case WireShape.Bool:
                _writer.Write((byte)((bool?)value switch { null => 0, false => 1, true => 2 }));
                break;
            case WireShape.StringList:
                // 0 for a list not given, its length + 1 otherwise: an empty list is not an absent one to every
                // reader (errors' errorRequestHeaders: [] forwards no header, none given forwards all).
                if (value is not ImmutableArray<string> { IsDefault: false } items)
                {
                    _writer.Write7BitEncodedInt(0);
                    break;
                }

                _writer.Write7BitEncodedInt(items.Length + 1);
                foreach (var item in items)
                {
                    _writer.Write(item);
                }

                break;
            case WireShape.StringMap:
                var map = value as ImmutableSortedDictionary<string, string> ?? ImmutableSortedDictionary<string, string>.Empty;
                _writer.Write7BitEncodedInt(map.Count);
                foreach (var (name, entry) in map)
                {
                    _writer.Write(name);
                    _writer.Write(entry);
                }

                break;
            case WireShape.Section:
                Record(field.Element!, value!);
                break;
            case WireShape.Object:
                Present(value);
                if (value is not null)
                {
                    Record(field.Element!, value);
                }

                break;
            case WireShape.ObjectList:
                var records = field.Field!.ItemsOf(value).ToList();
                _writer.Write7BitEncodedInt(records.Count);
                foreach (var record in records)
                {
                    Record(field.Element!, record);
                }

                break;
            case WireShape.ObjectMap:
                var entries = field.Field!.EntriesOf(value).ToList();
                _writer.Write7BitEncodedInt(entries.Count);
                foreach (var (name, record) in entries)
                {
                    _writer.Write(name);
                    Record(field.Element!, record);
                }

                break;
            default:
                throw new InvalidOperationException($"field '{field.Name}': no writer for {field.Shape}");
        }
    }

    private void Types(WireField field, object record)
    {
        var given = field.Types.Select(type => (type, options: type.Field.Get(record))).Where(t => t.options is not null).ToList();
        _writer.Write7BitEncodedInt(given.Count);
        foreach (var (type, options) in given)
        {
            _writer.Write7BitEncodedInt(type.Index);
            Record(type.Layout, options!);
        }
    }

    private void Present(object? value) => _writer.Write(value is not null);
}
