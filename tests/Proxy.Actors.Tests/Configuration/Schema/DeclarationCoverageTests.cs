using System.Collections.Immutable;
using System.Reflection;
using Proxy.Actors.Configuration.Schema;
using Proxy.Actors.Model.Config;
using Xunit;

namespace Proxy.Actors.Tests.Configuration.Schema;

/// <summary>
/// The declarations are the only place a field is read or written, so a property a record gains without
/// a declaration, or a setter that writes the wrong property, would be lost silently everywhere at once.
/// </summary>
public sealed class DeclarationCoverageTests
{
    public static TheoryData<string> Records => [.. AllSchemas().Select(s => s.RecordType.Name).Distinct()];

    [Theory]
    [MemberData(nameof(Records))]
    public void Schema_EveryPropertyOfTheRecord_Declared(string record)
    {
        var schemas = AllSchemas().Where(s => s.RecordType.Name == record).ToList();
        var declared = schemas.SelectMany(s => s.Fields).Where(f => f.Use != FieldUse.NotSupported && f.Element?.RecordType.Name != record)
            .Select(f => f.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);

        var properties = schemas[0].RecordType
            .GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanWrite)
            .Select(p => p.Name)

            // A middleware's options are one declared field per registered type, kept in this dictionary.
            .Where(name => !(schemas[0].RecordType == typeof(MiddlewareConfig) && name == nameof(MiddlewareConfig.Types)));

        // A part (headers' Cors) is declared when every field of its own schema is written at this record's level.
        var undeclared = properties
            .Where(p => !declared.Contains(p)
                && (PartSchema(schemas[0].RecordType, p) is not { } part || !part.UserFields.All(f => declared.Contains(f.Name))))
            .ToList();
        Assert.True(undeclared.Count == 0, $"{record} does not declare {string.Join(", ", undeclared)}");
    }

    [Theory]
    [MemberData(nameof(Records))]
    public void Field_SetThenRead_ChangesOnlyItsOwnProperty(string record)
    {
        foreach (var schema in AllSchemas().Where(s => s.RecordType.Name == record))
        {
            foreach (var field in schema.Fields.Where(f => f.Use != FieldUse.NotSupported && !ReferenceEquals(f.Element, schema) && f.Element?.RecordType != schema.RecordType))
            {
                var sample = Sample(field);
                var changed = field.Set(schema.Empty, sample);

                Assert.True(SameValue(sample, field.Get(changed)), $"{record}.{field.Name} does not read back what it set");
                var differing = schema.RecordType.GetProperties(BindingFlags.Public | BindingFlags.Instance)
                    .Where(p => p.CanWrite && !SameValue(p.GetValue(schema.Empty), p.GetValue(changed)))
                    .Select(p => p.Name)
                    .ToList();
                var expected = schema.RecordType == typeof(MiddlewareConfig) && field.Use == FieldUse.User ? nameof(MiddlewareConfig.Types)
                    : PartHolding(schema.RecordType, field.Name) ?? field.Name;
                Assert.Equal([expected], differing, StringComparer.OrdinalIgnoreCase);
            }
        }
    }

    /// <summary>The schema of a property that is a part record (its type declares a static Schema), or null.</summary>
    private static IRecordSchema? PartSchema(Type record, string property) =>
        record.GetProperty(property)?.PropertyType.GetProperty("Schema", BindingFlags.Public | BindingFlags.Static)?.GetValue(null) as IRecordSchema;

    /// <summary>The part property whose record declares <paramref name="field"/>, when the field is not the record's own.</summary>
    private static string? PartHolding(Type record, string field) =>
        record.GetProperty(field, BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase) is not null
            ? null
            : record.GetProperties(BindingFlags.Public | BindingFlags.Instance)
                .FirstOrDefault(p => PartSchema(record, p.Name)?.Find(field) is not null)?.Name;

    private static object Sample(IField field) => field.Kind switch
    {
        FieldKind.String or FieldKind.Duration => $"7s-{field.Name}",
        FieldKind.Int => 7,
        FieldKind.Long => 7L,
        FieldKind.Bool => true,
        FieldKind.StringList => ImmutableArray.Create("x"),
        FieldKind.StringMap => ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, [KeyValuePair.Create("k", "v")]),
        FieldKind.Object => field.Element!.Empty,
        FieldKind.ObjectList => field.ListOf([field.Element!.Empty]),
        _ => field.MapOf([KeyValuePair.Create("n", field.Element!.Empty)]),
    };

    private static bool SameValue(object? a, object? b) => (a, b) switch
    {
        (ImmutableArray<string> x, ImmutableArray<string> y) => x.IsDefault ? y.IsDefault : !y.IsDefault && x.SequenceEqual(y),
        (System.Collections.IEnumerable x, System.Collections.IEnumerable y) when a is not string =>
            x.Cast<object>().SequenceEqual(y.Cast<object>()),
        _ => Equals(a, b),
    };

    /// <summary>Every schema reachable from the whole dynamic configuration.</summary>
    private static IEnumerable<IRecordSchema> AllSchemas()
    {
        var seen = new List<IRecordSchema>();
        var pending = new Stack<IRecordSchema>([DynamicConfig.Schema]);
        while (pending.TryPop(out var schema))
        {
            if (seen.Contains(schema))
            {
                continue;
            }

            seen.Add(schema);
            foreach (var element in schema.Fields.Select(f => f.Element).OfType<IRecordSchema>())
            {
                pending.Push(element);
            }
        }

        return seen;
    }
}
