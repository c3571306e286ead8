using System.Collections.Immutable;
using System.Runtime.Serialization;
using System.Text;
using Proxy.Actors.Model.Config;

namespace Proxy.Actors.Cluster;

/// <summary>
/// Reads what <see cref="ConfigWriter"/> wrote, by the same <see cref="WireLayout"/>. A payload that
/// does not fit (cut short, a marker out of range, a count larger than the bytes left, a name given
/// twice) is a <see cref="SerializationException"/> naming the problem and the field it was met in
/// (<c>http.services['web'].loadBalancer.servers[0].url</c>); no count or length is trusted beyond the
/// bytes left, so a corrupt payload cannot make it allocate more than the payload's size.
/// </summary>
internal sealed class ConfigReader
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly BinaryReader _reader;
    private readonly Stream _stream;
    private readonly List<PathPart> _path = [];
    private ImmutableArray<string> _prefixes = [];

    private ConfigReader(BinaryReader reader)
    {
        _reader = reader;
        _stream = reader.BaseStream;
    }

    private long Remaining => _stream.Length - _stream.Position;

    public static DynamicConfig Read(BinaryReader reader)
    {
        var run = new ConfigReader(reader);
        try
        {
            run.ReadPrefixes();
            return (DynamicConfig)run.Record(WireLayout.Dynamic);
        }
        catch (EndOfStreamException e)
        {
            throw new SerializationException($"configuration truncated at {run.Where}", e);
        }
        catch (FormatException e)
        {
            // Read7BitEncodedInt's "too many bytes" for a corrupt integer.
            throw new SerializationException($"configuration: {e.Message} at {run.Where}", e);
        }
    }

    private void ReadPrefixes()
    {
        _path.Add(PathPart.Named("(source prefixes)"));
        var count = Count();
        var prefixes = ImmutableArray.CreateBuilder<string>(count);
        for (var i = 0; i < count; i++)
        {
            prefixes.Add(Text());
        }

        _prefixes = prefixes.MoveToImmutable();
        _path.Clear();
    }

    private object Record(WireLayout layout) => Into(layout, layout.Schema.Empty);

    private object Into(WireLayout layout, object record)
    {
        foreach (var field in layout.Fields)
        {
            _path.Add(PathPart.Named(field.Name));
            record = field.Shape == WireShape.Registry ? Types(field, record) : field.Field!.Set(record, Value(field, record));
            _path.RemoveAt(_path.Count - 1);
        }

        return record;
    }

    private object? Value(WireField field, object record) => field.Shape switch
    {
        WireShape.Text => Present() ? Text() : null,
        WireShape.SharedText => SharedText(),
        WireShape.Int => Present() ? _reader.Read7BitEncodedInt() : null,
        WireShape.Long => Present() ? _reader.Read7BitEncodedInt64() : null,
        WireShape.Bool => _reader.ReadByte() switch
        {
            0 => null,
            1 => false,
            2 => true,
            var other => throw Fail($"nullable boolean marker {other} (0, 1 or 2 expected)"),
        },
        WireShape.StringList => Strings(),
        WireShape.StringMap => StringMap(),
        WireShape.Section => Into(field.Element!, record),
        WireShape.Object => Present() ? Record(field.Element!) : null,
        WireShape.ObjectList => Records(field),
        WireShape.ObjectMap => NamedRecords(field),
        _ => throw new InvalidOperationException($"field '{field.Name}': no reader for {field.Shape}"),
    };

    private object Types(WireField field, object record)
    {
        var count = Count();
        if (count > field.Types.Length)
        {
            throw Fail($"{count} middleware types given, the registry has {field.Types.Length}");
        }

        var previous = -1;
        for (var i = 0; i < count; i++)
        {
            var index = _reader.Read7BitEncodedInt();
            if (index <= previous || index >= field.Types.Length)
            {
                throw Fail($"middleware type {index} after {previous} (increasing indexes into a registry of {field.Types.Length} expected)");
            }

            var type = field.Types[index];
            _path[^1] = PathPart.Named(type.Field.Name);
            record = type.Field.Set(record, Record(type.Layout));
            previous = index;
        }

        return record;
    }

    private string? SharedText()
    {
        var index = _reader.Read7BitEncodedInt();
        if (index == 0)
        {
            return null;
        }

        if (index < 0 || index > _prefixes.Length)
        {
            throw Fail($"source prefix {index - 1} of a table of {_prefixes.Length}");
        }

        return _prefixes[index - 1] + Text();
    }

    /// <summary>A list as <see cref="ConfigWriter"/> writes it: 0 when not given (default), else its length + 1.</summary>
    private ImmutableArray<string> Strings()
    {
        var marker = Count();
        if (marker == 0)
        {
            return default;
        }

        var count = marker - 1;
        var items = ImmutableArray.CreateBuilder<string>(count);
        for (var i = 0; i < count; i++)
        {
            items.Add(Text());
        }

        return items.MoveToImmutable();
    }

    private ImmutableSortedDictionary<string, string> StringMap()
    {
        var count = Count();
        var map = ImmutableSortedDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < count; i++)
        {
            var name = Text();
            if (map.ContainsKey(name))
            {
                throw Fail($"'{name}' given twice");
            }

            map.Add(name, Text());
        }

        return map.ToImmutable();
    }

    private object Records(WireField field)
    {
        var count = Count();
        var items = new List<object>(count);
        for (var i = 0; i < count; i++)
        {
            _path.Add(PathPart.Indexed(i));
            items.Add(Record(field.Element!));
            _path.RemoveAt(_path.Count - 1);
        }

        return field.Field!.ListOf(items);
    }

    private object NamedRecords(WireField field)
    {
        var count = Count();
        var entries = new List<KeyValuePair<string, object>>(count);
        var names = new HashSet<string>(count, StringComparer.Ordinal);
        for (var i = 0; i < count; i++)
        {
            var name = Text();
            if (!names.Add(name))
            {
                throw Fail($"'{name}' given twice");
            }

            _path.Add(PathPart.Keyed(name));
            entries.Add(KeyValuePair.Create(name, Record(field.Element!)));
            _path.RemoveAt(_path.Count - 1);
        }

        return field.Field!.MapOf(entries);
    }

    private bool Present() => _reader.ReadByte() switch
    {
        0 => false,
        1 => true,
        var other => throw Fail($"presence marker {other} (0 or 1 expected)"),
    };

    private int Count() => _reader.ReadCount(Fail);

    private string Text()
    {
        var length = _reader.Read7BitEncodedInt();
        if (length < 0 || length > Remaining)
        {
            throw Fail($"a text of {length} bytes with {Remaining} bytes left");
        }

        try
        {
            return StrictUtf8.GetString(_reader.ReadBytes(length));
        }
        catch (DecoderFallbackException)
        {
            throw Fail($"a text of {length} bytes that is not UTF-8");
        }
    }

    private SerializationException Fail(string problem) => new($"configuration: {problem} at {Where}");

    private string Where => _path.Count == 0 ? "the start" : string.Concat(_path.Select((part, i) => part.Describe(i == 0)));

    private readonly record struct PathPart(string? Name, string? Key, int Index)
    {
        public static PathPart Named(string name) => new(name, null, -1);

        public static PathPart Keyed(string key) => new(null, key, -1);

        public static PathPart Indexed(int index) => new(null, null, index);

        public string Describe(bool first) =>
            Name is not null ? (first ? Name : "." + Name) : Key is not null ? $"['{Key}']" : $"[{Index}]";
    }
}
