using Proxy.Actors.Configuration.Schema;
using Proxy.Actors.Model;

namespace Proxy.Node.Api;

/// <summary>
/// A configuration record as API JSON, by its declaration: each field an operator can write, under the
/// name they write it, so a new middleware type is shown with no code here.
/// </summary>
internal static class SchemaRepresentation
{
    public static Dictionary<string, object?> Of(IRecordSchema schema, object record)
    {
        var result = new Dictionary<string, object?>();
        foreach (var field in schema.UserFields)
        {
            result[field.Name] = Value(field, field.Get(record));
        }

        return result;
    }

    private static object? Value(IField field, object? value) => value is null ? null : field.Kind switch
    {
        // Written back the way operators write durations (100ms, 30s), whatever spelling was given.
        FieldKind.Duration => Duration.TryParseSigned((string)value, out var parsed) ? Duration.Format(parsed) : value,
        // An empty map (no headers) is shown as not given, as Traefik's API leaves such fields out.
        FieldKind.StringMap => value is System.Collections.ICollection { Count: 0 } ? null : value,
        FieldKind.StringList => value is System.Collections.Immutable.ImmutableArray<string> { IsDefault: false } list ? list.ToArray() : [],
        FieldKind.Object => Of(field.Element!, value),
        FieldKind.ObjectList => field.ItemsOf(value).Select(item => Of(field.Element!, item)).ToArray(),
        FieldKind.ObjectMap => field.EntriesOf(value).ToDictionary(e => e.Key, e => (object?)Of(field.Element!, e.Value)),
        _ => value,
    };
}
