using System.Collections.Immutable;

namespace Proxy.Actors.Configuration.Schema;

/// <summary>
/// Whether two records declare the same configuration, field by field. Record equality alone is not
/// enough: the immutable collections inside compare by reference, so equal declarations would differ.
/// </summary>
public static class SchemaEquality
{
    public static bool Same<T>(RecordSchema<T> schema, T? a, T? b)
        where T : class => Same((IRecordSchema)schema, a, b);

    public static bool Same(IRecordSchema schema, object? a, object? b)
    {
        if (a is null || b is null)
        {
            return a is null && b is null;
        }

        return schema.Fields.All(field => SameField(field, a, b));
    }

    /// <summary>Whether <paramref name="field"/> holds the same value in two records of its type.</summary>
    public static bool SameField(IField field, object a, object b) =>
        field.Use == FieldUse.NotSupported || SameValue(field, field.Get(a), field.Get(b));

    private static bool SameValue(IField field, object? a, object? b) => field.Kind switch
    {
        FieldKind.StringList => Items(a).SequenceEqual(Items(b), StringComparer.Ordinal),
        FieldKind.StringMap => SameMap(a as ImmutableSortedDictionary<string, string>, b as ImmutableSortedDictionary<string, string>),
        FieldKind.Object => ReferenceEquals(a, b) || Same(field.Element!, a, b),
        FieldKind.ObjectList => (a is null) == (b is null)
            && field.ItemsOf(a).Count() == field.ItemsOf(b).Count()
            && field.ItemsOf(a).Zip(field.ItemsOf(b)).All(pair => Same(field.Element!, pair.First, pair.Second)),
        FieldKind.ObjectMap => (a is null) == (b is null)
            && field.EntriesOf(a).Count() == field.EntriesOf(b).Count()
            && field.EntriesOf(a).Zip(field.EntriesOf(b)).All(pair =>
                pair.First.Key == pair.Second.Key && Same(field.Element!, pair.First.Value, pair.Second.Value)),
        _ => Equals(a, b),
    };

    private static ImmutableArray<string> Items(object? value) =>
        value is ImmutableArray<string> { IsDefault: false } items ? items : [];

    private static bool SameMap(ImmutableSortedDictionary<string, string>? a, ImmutableSortedDictionary<string, string>? b) =>
        (a?.Count ?? 0) == (b?.Count ?? 0)
        && (a is null || a.All(entry => b is not null && b.TryGetValue(entry.Key, out var value) && value == entry.Value));
}
