namespace Proxy.Actors.Configuration.Schema;

/// <summary>
/// What the validator does with a declaration: run every field's checks on a record as a provider
/// gave it, and fill in the declared defaults once it is known to be good.
/// </summary>
public static class SchemaValidation
{
    /// <summary>
    /// Every problem of <paramref name="record"/> and the records nested in it, each with the field's path
    /// relative to the record (<c>servers[0].url</c>, <c>healthCheck.port</c>).
    /// </summary>
    public static IEnumerable<FieldProblem> Check(IRecordSchema schema, object record)
    {
        foreach (var field in schema.Fields)
        {
            if (field.Use != FieldUse.User)
            {
                continue;
            }

            foreach (var problem in field.Check(record))
            {
                yield return problem with { SubPath = field.Name + problem.SubPath };
            }

            var value = field.Get(record);
            if (value is null || field.Element is not { } element)
            {
                continue;
            }

            var nested = field.Kind switch
            {
                FieldKind.Object => Check(element, value).Select(p => p with { SubPath = $"{field.Name}.{p.SubPath}" }),
                FieldKind.ObjectList => field.ItemsOf(value).SelectMany((item, i) =>
                    Check(element, item).Select(p => p with { SubPath = $"{field.Name}[{i}].{p.SubPath}" })),
                FieldKind.ObjectMap => field.EntriesOf(value).SelectMany(entry =>
                    Check(element, entry.Value).Select(p => p with { SubPath = $"{field.Name}.{entry.Key}.{p.SubPath}" })),
                _ => [],
            };
            foreach (var problem in nested)
            {
                yield return problem;
            }
        }

        foreach (var problem in schema.WholeCheck?.Invoke(record) ?? [])
        {
            yield return problem;
        }
    }

    /// <summary>
    /// <paramref name="record"/> with every absent field that declares a default given it, in declaration
    /// order (so a default may read a field declared before it), nested records included.
    /// </summary>
    public static T Resolve<T>(RecordSchema<T> schema, T record)
        where T : class => (T)Resolve((IRecordSchema)schema, record);

    public static object Resolve(IRecordSchema schema, object record)
    {
        foreach (var field in schema.Fields)
        {
            record = field.WithDefault(record);
            var value = field.Get(record);
            if (value is null || field.Element is not { } element)
            {
                continue;
            }

            record = field.Kind switch
            {
                FieldKind.Object => field.Set(record, Resolve(element, value)),
                FieldKind.ObjectList => field.Set(record, field.ListOf(field.ItemsOf(value).Select(item => Resolve(element, item)).ToList())),
                FieldKind.ObjectMap => field.Set(record, field.MapOf(field.EntriesOf(value)
                    .Select(e => KeyValuePair.Create(e.Key, Resolve(element, e.Value))).ToList())),
                _ => record,
            };
        }

        return record;
    }
}
