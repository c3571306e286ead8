namespace Proxy.Actors.Configuration.Schema;

/// <summary>
/// What a field holds, and so how a provider's text becomes its value and how the wire writes it.
/// Each kind has one representation in the records, the same for every field of that kind.
/// </summary>
public enum FieldKind
{
    /// <summary><c>string?</c>, as written.</summary>
    String,

    /// <summary><c>int?</c>.</summary>
    Int,

    /// <summary><c>long?</c>.</summary>
    Long,

    /// <summary><c>bool?</c>, with the spellings Go's <c>strconv.ParseBool</c> accepts (Traefik reads with it).</summary>
    Bool,

    /// <summary>
    /// <c>string?</c> holding the text as written (<c>10s</c>, <c>500ms</c>, <c>1.5</c>): parsed by the
    /// validator, so that a bad duration keeps the object's last good definition serving.
    /// </summary>
    Duration,

    /// <summary><c>ImmutableArray&lt;string&gt;</c>, never default.</summary>
    StringList,

    /// <summary><c>ImmutableSortedDictionary&lt;string, string&gt;</c> (ordinal): names keep their spelling (header names).</summary>
    StringMap,

    /// <summary>A nested record (<c>TNested?</c>) declared by its own <see cref="IRecordSchema"/>.</summary>
    Object,

    /// <summary><c>ImmutableArray&lt;TNested&gt;</c> of records (a service's servers).</summary>
    ObjectList,

    /// <summary>
    /// <c>ImmutableSortedDictionary&lt;string, TNested&gt;</c> (ordinal) of records named by the operator
    /// (routers, services, middlewares). A wrong field inside one entry leaves out that entry only.
    /// </summary>
    ObjectMap,
}
