using System.Collections.Immutable;
using System.Runtime.Serialization;

namespace Proxy.Actors.Cluster;

/// <summary>
/// The primitives of our binary format. Integers are 7-bit encoded because almost all of them
/// (counts, weights, ports, thresholds) are small; strings are UTF-8 with a 7-bit length prefix.
/// Every optional value carries a presence marker so that null and empty stay distinct after a
/// round trip: the validator treats a missing field differently from an empty one.
/// </summary>
internal static class WireFormat
{
    public static void WriteNullable(this BinaryWriter writer, string? value)
    {
        writer.Write(value is not null);
        if (value is not null)
        {
            writer.Write(value);
        }
    }

    public static string? ReadNullableString(this BinaryReader reader) =>
        reader.ReadBoolean() ? reader.ReadString() : null;

    public static void WriteNullable(this BinaryWriter writer, int? value)
    {
        writer.Write(value.HasValue);
        if (value.HasValue)
        {
            writer.Write7BitEncodedInt(value.Value);
        }
    }

    public static int? ReadNullableInt(this BinaryReader reader) =>
        reader.ReadBoolean() ? reader.Read7BitEncodedInt() : null;

    public static void WriteNullable(this BinaryWriter writer, long? value)
    {
        writer.Write(value.HasValue);
        if (value.HasValue)
        {
            writer.Write7BitEncodedInt64(value.Value);
        }
    }

    public static long? ReadNullableLong(this BinaryReader reader) =>
        reader.ReadBoolean() ? reader.Read7BitEncodedInt64() : null;

    // One byte for three states rather than a presence flag plus a value.
    public static void WriteNullable(this BinaryWriter writer, bool? value) =>
        writer.Write((byte)(value switch { null => 0, false => 1, true => 2 }));

    public static bool? ReadNullableBool(this BinaryReader reader) => reader.ReadByte() switch
    {
        0 => null,
        1 => false,
        2 => true,
        var other => throw new SerializationException($"Invalid nullable boolean marker {other}."),
    };

    /// <summary>Writes a presence flag, then the value with <paramref name="write"/> if there is one.</summary>
    public static void WriteOptional<T>(this BinaryWriter writer, T? value, Action<BinaryWriter, T> write)
        where T : class
    {
        writer.Write(value is not null);
        if (value is not null)
        {
            write(writer, value);
        }
    }

    public static T? ReadOptional<T>(this BinaryReader reader, Func<BinaryReader, T> read)
        where T : class =>
        reader.ReadBoolean() ? read(reader) : null;

    /// <summary>A default (uninitialised) array is written as empty: the two mean the same to every reader.</summary>
    public static void WriteArray<T>(this BinaryWriter writer, ImmutableArray<T> items, Action<BinaryWriter, T> write)
    {
        var present = items.IsDefault ? ImmutableArray<T>.Empty : items;
        writer.Write7BitEncodedInt(present.Length);
        foreach (var item in present)
        {
            write(writer, item);
        }
    }

    public static ImmutableArray<T> ReadArray<T>(this BinaryReader reader, Func<BinaryReader, T> read)
    {
        var count = reader.ReadCount();
        var builder = ImmutableArray.CreateBuilder<T>(count);
        for (var i = 0; i < count; i++)
        {
            builder.Add(read(reader));
        }

        return builder.MoveToImmutable();
    }

    public static void WriteStrings(this BinaryWriter writer, ImmutableArray<string> items) =>
        writer.WriteArray(items, static (w, s) => w.Write(s));

    public static ImmutableArray<string> ReadStrings(this BinaryReader reader) =>
        reader.ReadArray(static r => r.ReadString());

    public static void WriteMap<T>(this BinaryWriter writer, ImmutableSortedDictionary<string, T> map, Action<BinaryWriter, T> write)
    {
        writer.Write7BitEncodedInt(map.Count);
        foreach (var (key, value) in map)
        {
            writer.Write(key);
            write(writer, value);
        }
    }

    /// <summary>
    /// Maps are rebuilt with the ordinal comparer, the one every provider and the validator use,
    /// so that iteration order (which decides tie-breaks) is the same on every node.
    /// </summary>
    public static ImmutableSortedDictionary<string, T> ReadMap<T>(this BinaryReader reader, Func<BinaryReader, T> read)
    {
        var count = reader.ReadCount();
        var builder = ImmutableSortedDictionary.CreateBuilder<string, T>(StringComparer.Ordinal);
        for (var i = 0; i < count; i++)
        {
            var key = reader.ReadString();
            builder.Add(key, read(reader));
        }

        return builder.ToImmutable();
    }

    public static void WriteStringMap(this BinaryWriter writer, ImmutableSortedDictionary<string, string> map) =>
        writer.WriteMap(map, static (w, s) => w.Write(s));

    public static ImmutableSortedDictionary<string, string> ReadStringMap(this BinaryReader reader) =>
        reader.ReadMap(static r => r.ReadString());

    // A corrupt count must fail here, not allocate gigabytes: no count can exceed the bytes left.
    private static int ReadCount(this BinaryReader reader)
    {
        var count = reader.Read7BitEncodedInt();
        var remaining = reader.BaseStream.Length - reader.BaseStream.Position;
        if (count < 0 || count > remaining)
        {
            throw new SerializationException($"Invalid element count {count} with {remaining} bytes left.");
        }

        return count;
    }
}
