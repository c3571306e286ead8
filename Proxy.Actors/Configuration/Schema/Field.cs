using System.Collections.Immutable;

namespace Proxy.Actors.Configuration.Schema;

/// <summary>
/// A field of <typeparamref name="TRecord"/> holding a <typeparamref name="TValue"/>. Created by
/// <see cref="SchemaBuilder{TRecord}"/>, which knows which <typeparamref name="TValue"/> goes with
/// which <see cref="FieldKind"/>.
/// </summary>
public sealed class Field<TRecord, TValue> : IField
    where TRecord : class
{
    private readonly Func<TRecord, TValue> _get;
    private readonly Func<TRecord, TValue, TRecord> _set;
    private readonly Func<TRecord, TValue>? _default;
    private readonly ValueCheck<TValue>? _check;
    private readonly CollectionShape? _shape;

    internal Field(
        string name,
        FieldKind kind,
        FieldUse use,
        Func<TRecord, TValue> get,
        Func<TRecord, TValue, TRecord> set,
        Func<TRecord, TValue>? defaultFrom = null,
        ValueCheck<TValue>? check = null,
        string? requiredMessage = null,
        string? notSupportedMessage = null,
        IRecordSchema? element = null,
        string? entryNoun = null,
        CollectionShape? shape = null,
        bool nothingMeansEmpty = false,
        WireForm wireForm = WireForm.Plain,
        bool isSwitch = false)
    {
        Name = name;
        Kind = kind;
        Use = use;
        _get = get;
        _set = set;
        _default = defaultFrom;
        _check = check;
        RequiredMessage = requiredMessage;
        NotSupportedMessage = notSupportedMessage;
        Element = element;
        EntryNoun = entryNoun;
        _shape = shape;
        NothingMeansEmpty = nothingMeansEmpty;
        IsSwitch = isSwitch;
        WireForm = wireForm;
    }

    public string Name { get; }

    public FieldKind Kind { get; }

    public FieldUse Use { get; }

    public WireForm WireForm { get; }

    public IRecordSchema? Element { get; }

    public string? EntryNoun { get; }

    public string? RequiredMessage { get; }

    public string? NotSupportedMessage { get; }

    public bool NothingMeansEmpty { get; }

    public bool IsSwitch { get; }

    public bool HasDefault => _default is not null;

    public TValue GetValue(TRecord record) => _get(record);

    public TRecord SetValue(TRecord record, TValue value) => _set(record, value);

    public object? Get(object record) => _get((TRecord)record);

    public object Set(object record, object? value) => _set((TRecord)record, (TValue)value!);

    public bool IsPresent(object record) => Present(_get((TRecord)record));

    public object WithDefault(object record)
    {
        var typed = (TRecord)record;
        return _default is not null && !Present(_get(typed)) ? _set(typed, _default(typed)) : typed;
    }

    public IEnumerable<FieldProblem> Check(object record)
    {
        var value = _get((TRecord)record);
        if (RequiredMessage is not null && Blank(value))
        {
            return [FieldProblem.Of(RequiredMessage)];
        }

        return _check is not null && Present(value) ? _check(value) : [];
    }

    public object ListOf(IEnumerable<object> items) => Shape.ListOf!(items);

    public IEnumerable<object> ItemsOf(object? value) => value is null ? [] : Shape.ItemsOf!(value);

    public object MapOf(IEnumerable<KeyValuePair<string, object>> entries) => Shape.MapOf!(entries);

    public IEnumerable<KeyValuePair<string, object>> EntriesOf(object? value) => value is null ? [] : Shape.EntriesOf!(value);

    public override string ToString() => $"{Name} ({Kind})";

    private CollectionShape Shape => _shape ?? throw new InvalidOperationException($"field '{Name}' is a {Kind}, not a list or map of objects");

    private static bool Present(TValue value) => value switch
    {
        null => false,
        ImmutableArray<string> list => !list.IsDefault,
        _ => true,
    };

    private static bool Blank(TValue value) => value switch
    {
        null => true,
        string text => string.IsNullOrWhiteSpace(text),
        _ => !Present(value),
    };
}
