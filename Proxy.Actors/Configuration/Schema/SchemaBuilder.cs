using System.Collections.Immutable;

namespace Proxy.Actors.Configuration.Schema;

/// <summary>
/// Declares the fields of <typeparamref name="TRecord"/>, one call per field, each with a getter and a
/// <c>with</c>-based setter. The method names the kind, so a field's value type always matches its kind.
/// </summary>
/// <example>
/// <code>
/// public static RecordSchema&lt;AddPrefixConfig&gt; Schema { get; } = new SchemaBuilder&lt;AddPrefixConfig&gt;(new(null))
///     .String("prefix", c =&gt; c.Prefix, (c, v) =&gt; c with { Prefix = v }, required: "is required", check: Checks.StartsWithSlash)
///     .Build();
/// </code>
/// </example>
public sealed class SchemaBuilder<TRecord>(TRecord empty)
    where TRecord : class
{
    private readonly List<IField> _fields = [];
    private Func<TRecord, string, TRecord>? _keepUnknown;
    private Func<string, string?, string>? _unknownFieldMessage;
    private bool _ignoresUnsupported;
    private ImmutableArray<string> _oneOf = [];
    private string? _oneOfMessage;
    private ValueCheck<TRecord>? _wholeCheck;

    public SchemaBuilder<TRecord> String(
        string name, Func<TRecord, string?> get, Func<TRecord, string?, TRecord> set,
        string? required = null, ValueCheck<string>? check = null, string? @default = null) =>
        Add(new Field<TRecord, string?>(name, FieldKind.String, FieldUse.User, get, set, Constant(@default), Lift(check), required));

    public SchemaBuilder<TRecord> Int(
        string name, Func<TRecord, int?> get, Func<TRecord, int?, TRecord> set,
        string? required = null, ValueCheck<int>? check = null, int? @default = null) =>
        Add(new Field<TRecord, int?>(name, FieldKind.Int, FieldUse.User, get, set, Constant(@default), Lift(check), required));

    public SchemaBuilder<TRecord> Long(
        string name, Func<TRecord, long?> get, Func<TRecord, long?, TRecord> set,
        string? required = null, ValueCheck<long>? check = null, long? @default = null) =>
        Add(new Field<TRecord, long?>(name, FieldKind.Long, FieldUse.User, get, set, Constant(@default), Lift(check), required));

    public SchemaBuilder<TRecord> Bool(
        string name, Func<TRecord, bool?> get, Func<TRecord, bool?, TRecord> set, bool? @default = null) =>
        Add(new Field<TRecord, bool?>(name, FieldKind.Bool, FieldUse.User, get, set, Constant(@default)));

    /// <summary>
    /// A duration kept as written and checked by the validator: it must parse, and be greater than zero
    /// unless <paramref name="allowZero"/> (and not below it unless <paramref name="allowNegative"/>: a leading minus
    /// as Go reads it). <paramref name="defaultFrom"/> may depend on fields declared before it (a cooldown defaulting
    /// to the failure window). <paramref name="max"/>, when given, is the longest accepted (written as a duration).
    /// </summary>
    public SchemaBuilder<TRecord> Duration(
        string name, Func<TRecord, string?> get, Func<TRecord, string?, TRecord> set,
        string? @default = null, Func<TRecord, string?>? defaultFrom = null, bool allowZero = false, bool allowNegative = false, string? max = null) =>
        Add(new Field<TRecord, string?>(
            name, FieldKind.Duration, FieldUse.User, get, set, defaultFrom ?? Constant(@default), Lift(Checks.Duration(allowZero || allowNegative, allowNegative, max))));

    public SchemaBuilder<TRecord> StringList(
        string name, Func<TRecord, ImmutableArray<string>> get, Func<TRecord, ImmutableArray<string>, TRecord> set,
        ValueCheck<ImmutableArray<string>>? check = null, ImmutableArray<string>? @default = null) =>
        Add(new Field<TRecord, ImmutableArray<string>>(
            name, FieldKind.StringList, FieldUse.User, get, set, @default is { } items ? _ => items : null, check: check));

    public SchemaBuilder<TRecord> StringMap(
        string name,
        Func<TRecord, ImmutableSortedDictionary<string, string>> get,
        Func<TRecord, ImmutableSortedDictionary<string, string>, TRecord> set,
        ValueCheck<ImmutableSortedDictionary<string, string>>? check = null) =>
        Add(new Field<TRecord, ImmutableSortedDictionary<string, string>>(name, FieldKind.StringMap, FieldUse.User, get, set, check: check));

    /// <summary>A nested record.</summary>
    /// <param name="nothingMeansEmpty">
    /// Whether the key given nothing (<c>retry:</c>) is the record with no field set; by default it is
    /// as if the key were absent (<c>healthCheck:</c> turns no check on).
    /// </param>
    /// <param name="switch">
    /// Whether the key given a boolean is a switch: <c>true</c> the record with no field set, <c>false</c> as if
    /// absent (a router's <c>tls=true</c> label, which Traefik reads as "TLS with defaults").
    /// </param>
    public SchemaBuilder<TRecord> Object<TNested>(
        string name, Func<TRecord, TNested?> get, Func<TRecord, TNested?, TRecord> set, RecordSchema<TNested> schema,
        string? required = null, bool nothingMeansEmpty = false, bool @switch = false)
        where TNested : class =>
        Add(new Field<TRecord, TNested?>(
            name, FieldKind.Object, FieldUse.User, get, set, requiredMessage: required, element: schema,
            nothingMeansEmpty: nothingMeansEmpty, isSwitch: @switch));

    public SchemaBuilder<TRecord> ObjectList<TNested>(
        string name, Func<TRecord, ImmutableArray<TNested>> get, Func<TRecord, ImmutableArray<TNested>, TRecord> set, RecordSchema<TNested> schema)
        where TNested : class =>
        Add(new Field<TRecord, ImmutableArray<TNested>>(
            name, FieldKind.ObjectList, FieldUse.User, get, set, element: schema,
            shape: new CollectionShape(
                ListOf: items => items.Cast<TNested>().ToImmutableArray(),
                ItemsOf: value => ((ImmutableArray<TNested>)value).IsDefault ? [] : (ImmutableArray<TNested>)value,
                MapOf: null,
                EntriesOf: null)));

    /// <param name="entryNoun">What one entry is called in errors: <c>router</c> gives "router 'web' is left out".</param>
    public SchemaBuilder<TRecord> ObjectMap<TNested>(
        string name,
        Func<TRecord, ImmutableSortedDictionary<string, TNested>> get,
        Func<TRecord, ImmutableSortedDictionary<string, TNested>, TRecord> set,
        RecordSchema<TNested> schema,
        string entryNoun)
        where TNested : class =>
        Add(new Field<TRecord, ImmutableSortedDictionary<string, TNested>>(
            name, FieldKind.ObjectMap, FieldUse.User, get, set, element: schema, entryNoun: entryNoun,
            shape: new CollectionShape(
                ListOf: null,
                ItemsOf: null,
                MapOf: entries => entries.ToImmutableSortedDictionary(e => e.Key, e => (TNested)e.Value, StringComparer.Ordinal),
                EntriesOf: value => ((ImmutableSortedDictionary<string, TNested>)value).Select(e => KeyValuePair.Create(e.Key, (object)e.Value)))));

    /// <summary>
    /// A key that groups fields of this same record (Traefik's <c>http:</c> around routers, services and
    /// middlewares): an object field whose value is the record itself, declared by <paramref name="schema"/>.
    /// </summary>
    public SchemaBuilder<TRecord> Section(string name, RecordSchema<TRecord> schema) =>
        Add(new Field<TRecord, TRecord>(name, FieldKind.Object, FieldUse.User, static record => record, static (_, value) => value, element: schema));

    /// <summary>
    /// A part of the configuration Traefik has and we do not serve yet (<c>tls</c>, a service kind):
    /// declared so that giving it is answered with <paramref name="message"/> rather than "unknown field".
    /// Turning it into a real field is the way to support it.
    /// </summary>
    public SchemaBuilder<TRecord> NotSupported(string name, string message) =>
        Add(new Field<TRecord, object?>(
            name, FieldKind.Object, FieldUse.NotSupported, static _ => null, static (record, _) => record, notSupportedMessage: message));

    /// <summary>
    /// A field providers set and operators never write (a server's draining flag): carried by the wire,
    /// invisible to the decoder. Declared with a kind so the wire codec can write it, and for a text
    /// field how (<paramref name="wireForm"/>).
    /// </summary>
    public SchemaBuilder<TRecord> Internal<TValue>(
        string name, FieldKind kind, Func<TRecord, TValue> get, Func<TRecord, TValue, TRecord> set, WireForm wireForm = WireForm.Plain) =>
        Add(new Field<TRecord, TValue>(name, kind, FieldUse.Internal, get, set, wireForm: wireForm));

    /// <summary>Keys that are no field are kept through <paramref name="keep"/> instead of being errors (a middleware's unknown type).</summary>
    public SchemaBuilder<TRecord> KeepUnknown(Func<TRecord, string, TRecord> keep)
    {
        _keepUnknown = keep;
        return this;
    }

    /// <summary>
    /// A not-supported field or unknown key of this record is skipped and the rest decodes (the sections of the
    /// whole configuration): its message gets "; it is ignored" and its error <see cref="DecodeError.Ignored"/>.
    /// </summary>
    public SchemaBuilder<TRecord> IgnoresUnsupported()
    {
        _ignoresUnsupported = true;
        return this;
    }

    /// <summary>Replaces the standard "unknown field" error for this record (sections whose other keys are Traefik features we lack).</summary>
    public SchemaBuilder<TRecord> UnknownFieldMessage(Func<string, string?, string> message)
    {
        _unknownFieldMessage = message;
        return this;
    }

    /// <summary>An object that gives none of <paramref name="fields"/> (supported or not) is an error.</summary>
    public SchemaBuilder<TRecord> RequireOneOf(string message, params string[] fields)
    {
        _oneOf = [.. fields];
        _oneOfMessage = message;
        return this;
    }

    /// <summary>
    /// A check on the record as a whole, for rules between its fields (two options that exclude each other);
    /// its problems name the field they point at in <see cref="FieldProblem.SubPath"/>. Runs after the fields' own checks.
    /// </summary>
    public SchemaBuilder<TRecord> CheckWhole(ValueCheck<TRecord> check)
    {
        _wholeCheck = check;
        return this;
    }

    /// <summary>
    /// Fields <paramref name="names"/> of <paramref name="schema"/>, written at this record's level and kept in
    /// its part <typeparamref name="TPart"/>: one declaration for a field two records share. The part checks them.
    /// </summary>
    public SchemaBuilder<TRecord> FieldsOf<TPart>(
        RecordSchema<TPart> schema, Func<TRecord, TPart> get, Func<TRecord, TPart, TRecord> set, params string[] names)
        where TPart : class
    {
        foreach (var name in names)
        {
            var field = schema.Find(name) ?? throw new InvalidOperationException($"{typeof(TPart).Name} declares no field '{name}'");
            Add(new PartField<TRecord, TPart>(field, get, set));
        }

        return this;
    }

    /// <summary>Adds an already built field (the middleware registry adds one field per type).</summary>
    public SchemaBuilder<TRecord> Add(IField field)
    {
        if (_fields.Any(f => f.Name.Equals(field.Name, StringComparison.OrdinalIgnoreCase)))
        {
            throw new InvalidOperationException($"{typeof(TRecord).Name} declares '{field.Name}' twice");
        }

        _fields.Add(field);
        return this;
    }

    public RecordSchema<TRecord> Build() =>
        new(empty, [.. _fields], _keepUnknown, _unknownFieldMessage, _oneOf, _oneOfMessage, _ignoresUnsupported, _wholeCheck);

    private static Func<TRecord, TValue?>? Constant<TValue>(TValue? value) => value is null ? null : _ => value;

    private static ValueCheck<TValue?>? Lift<TValue>(ValueCheck<TValue>? check)
        where TValue : struct =>
        check is null ? null : value => value is { } present ? check(present) : [];

    private static ValueCheck<string?>? Lift(ValueCheck<string>? check) =>
        check is null ? null : value => value is { } present ? check(present) : [];
}
