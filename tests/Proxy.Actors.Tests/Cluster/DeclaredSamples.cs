using System.Collections.Immutable;
using Proxy.Actors.Configuration.Schema;
using Proxy.Actors.Model.Config;

namespace Proxy.Actors.Tests.Cluster;

/// <summary>
/// Configurations built from the declarations alone (<see cref="DynamicConfig.Schema"/>), not by hand:
/// a field declared on any record is set by every sample here without a change to this file, so the
/// wire tests cover it the day it is declared.
/// </summary>
public static class DeclaredSamples
{
    public enum Fill
    {
        /// <summary>Every field a value that is neither absent nor empty, each different, integers over one 7-bit byte.</summary>
        Full,

        /// <summary>Every field present and empty: "", 0, false, empty lists and maps, records with no field set.</summary>
        Empty,

        /// <summary>Every scalar absent; nested records present (with their scalars absent), so every level is reached.</summary>
        Missing,

        /// <summary>Every scalar and every nested record absent; named entries present.</summary>
        AbsentRecords,
    }

    public static DynamicConfig Of(Fill fill)
    {
        var counter = 0;
        return (DynamicConfig)Build(DynamicConfig.Schema, DynamicConfig.Schema.Empty, fill, "", ref counter);
    }

    /// <summary>Every (path, field) of <paramref name="record"/> and below it, for assertions over all fields.</summary>
    public static IEnumerable<(string Path, IField Field, object Record)> Fields(IRecordSchema schema, object record, string path = "")
    {
        foreach (var field in schema.Fields.Where(f => f.Use != FieldUse.NotSupported))
        {
            var here = path.Length == 0 ? field.Name : $"{path}.{field.Name}";
            yield return (here, field, record);
            var value = field.Get(record);
            var nested = field.Kind switch
            {
                FieldKind.Object when value is not null => [(here, value)],
                FieldKind.ObjectList => field.ItemsOf(value).Select((item, i) => ($"{here}[{i}]", item)),
                FieldKind.ObjectMap => field.EntriesOf(value).Select(e => ($"{here}['{e.Key}']", e.Value)),
                _ => Enumerable.Empty<(string, object)>(),
            };
            foreach (var (at, item) in nested)
            {
                foreach (var inner in Fields(field.Element!, item, at))
                {
                    yield return inner;
                }
            }
        }
    }

    private static object Build(IRecordSchema schema, object record, Fill fill, string path, ref int counter)
    {
        foreach (var field in schema.Fields.Where(f => f.Use != FieldUse.NotSupported))
        {
            var here = $"{path}/{field.Name}";
            counter++;
            object? value = field.Kind switch
            {
                // A '/' in every text, so that shared-prefix fields get prefixes to share.
                FieldKind.String or FieldKind.Duration => fill switch
                {
                    Fill.Full => $"v{counter}{here}",
                    Fill.Empty => "",
                    _ => null,
                },
                FieldKind.Int => fill switch { Fill.Full => 1_000 + counter, Fill.Empty => 0, _ => null },
                FieldKind.Long => fill switch { Fill.Full => 5_000_000_000L + counter, Fill.Empty => 0L, _ => null },
                FieldKind.Bool => fill switch { Fill.Full => true, Fill.Empty => false, _ => null },
                FieldKind.StringList => fill == Fill.Full ? ImmutableArray.Create($"a{counter}", $"b{counter}") : ImmutableArray<string>.Empty,
                FieldKind.StringMap => fill == Fill.Full
                    ? ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, [KeyValuePair.Create($"X-A{counter}", "1"), KeyValuePair.Create($"X-B{counter}", "")])
                    : ImmutableSortedDictionary.Create<string, string>(StringComparer.Ordinal),
                // A section's value is the record itself: its fields are filled into it.
                FieldKind.Object when field.Element!.RecordType == schema.RecordType => Build(field.Element, record, fill, here, ref counter),
                FieldKind.Object => fill switch
                {
                    Fill.AbsentRecords => null,
                    Fill.Empty => field.Element!.Empty,
                    _ => Build(field.Element!, field.Element!.Empty, fill, here, ref counter),
                },
                FieldKind.ObjectList => field.ListOf(Items(field, fill, here, ref counter)),
                FieldKind.ObjectMap => field.MapOf(Items(field, fill, here, ref counter).Select((item, i) => KeyValuePair.Create($"{field.EntryNoun}-{i}", item))),
                _ => throw new InvalidOperationException($"{here}: no sample for {field.Kind}"),
            };
            record = field.Set(record, value);
        }

        return record;
    }

    private static List<object> Items(IField field, Fill fill, string path, ref int counter)
    {
        var element = field.Element!;
        return fill switch
        {
            Fill.Full => [Build(element, element.Empty, fill, path + "[0]", ref counter), Build(element, element.Empty, fill, path + "[1]", ref counter)],
            Fill.Empty => [element.Empty],
            _ => [Build(element, element.Empty, fill, path + "[0]", ref counter)],
        };
    }
}
