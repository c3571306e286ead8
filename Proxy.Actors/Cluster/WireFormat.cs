using System.Collections.Immutable;
using System.Runtime.Serialization;

namespace Proxy.Actors.Cluster;

/// <summary>
/// The primitives of the cluster messages' own fields (the configuration inside them is written by
/// <see cref="ConfigWriter"/>). Integers are 7-bit encoded because almost all of them are small;
/// strings are UTF-8 with a 7-bit length prefix; an optional string carries a presence marker so that
/// null and empty stay distinct.
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

    /// <summary>
    /// A count of elements. A corrupt count must fail here, not allocate gigabytes: no count can
    /// exceed the bytes left, since every element takes at least one. <paramref name="fail"/> turns
    /// the problem into the caller's error (the configuration reader names the field it was in).
    /// </summary>
    public static int ReadCount(this BinaryReader reader, Func<string, SerializationException>? fail = null)
    {
        var count = reader.Read7BitEncodedInt();
        var remaining = reader.BaseStream.Length - reader.BaseStream.Position;
        if (count < 0 || count > remaining)
        {
            var problem = $"{count} elements with {remaining} bytes left";
            throw fail is null ? new SerializationException($"invalid element count: {problem}") : fail(problem);
        }

        return count;
    }
}
