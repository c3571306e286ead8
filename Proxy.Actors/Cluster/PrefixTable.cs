using System.Collections.Frozen;
using System.Collections.Immutable;

namespace Proxy.Actors.Cluster;

/// <summary>
/// The prefixes (up to the last '/') of a configuration's <see cref="WireShape.SharedText"/> values,
/// written once before the configuration; each value is then written as an index into it and the rest.
/// A Docker host's servers all start with the same <c>docker:&lt;host&gt;/</c>, longer than the rest of
/// the source and than most of the server's other fields: written once, it leaves the name.
/// </summary>
internal sealed class PrefixTable
{
    private readonly FrozenDictionary<string, int> _indexes;

    public PrefixTable(ImmutableArray<string> prefixes)
    {
        Prefixes = prefixes;
        _indexes = prefixes.Select((prefix, index) => KeyValuePair.Create(prefix, index)).ToFrozenDictionary(StringComparer.Ordinal);
    }

    public ImmutableArray<string> Prefixes { get; }

    /// <summary>The table of every shared-text value in <paramref name="record"/>, in ordinal order.</summary>
    public static PrefixTable Of(WireLayout layout, object record)
    {
        var prefixes = new SortedSet<string>(StringComparer.Ordinal);
        Collect(layout, record, prefixes);
        return new PrefixTable([.. prefixes]);
    }

    public static string Prefix(string value) => value[..(value.LastIndexOf('/') + 1)];

    /// <summary>0 for no value, else the prefix's index plus one; the rest follows.</summary>
    public int IndexOf(string prefix) => _indexes[prefix];

    private static void Collect(WireLayout layout, object record, SortedSet<string> into)
    {
        if (!layout.HasSharedText)
        {
            return;
        }

        foreach (var field in layout.Fields)
        {
            switch (field.Shape)
            {
                case WireShape.SharedText when field.Field!.Get(record) is string text:
                    into.Add(Prefix(text));
                    break;
                case WireShape.Section:
                    Collect(field.Element!, record, into);
                    break;
                case WireShape.Object when field.Field!.Get(record) is { } nested:
                    Collect(field.Element!, nested, into);
                    break;
                case WireShape.ObjectList:
                    foreach (var item in field.Field!.ItemsOf(field.Field.Get(record)))
                    {
                        Collect(field.Element!, item, into);
                    }

                    break;
                case WireShape.ObjectMap:
                    foreach (var entry in field.Field!.EntriesOf(field.Field.Get(record)))
                    {
                        Collect(field.Element!, entry.Value, into);
                    }

                    break;
                case WireShape.Registry:
                    foreach (var type in field.Types)
                    {
                        if (type.Field.Get(record) is { } options)
                        {
                            Collect(type.Layout, options, into);
                        }
                    }

                    break;
            }
        }
    }
}
