namespace Proxy.Actors.Configuration.Schema;

/// <summary>
/// A field of another record written at this record's level (a label server's <c>url</c> and <c>weight</c> are a
/// <c>ServerConfig</c>'s): name, kind and default are that record's declaration, the value is read and written
/// through it. It has no checks here: the part is checked as itself, where it is validated, so a problem is
/// reported once.
/// </summary>
internal sealed class PartField<TRecord, TPart>(IField inner, Func<TRecord, TPart> get, Func<TRecord, TPart, TRecord> set) : IField
    where TPart : class
{
    public string Name => inner.Name;

    public FieldKind Kind => inner.Kind;

    public FieldUse Use => inner.Use;

    public WireForm WireForm => inner.WireForm;

    public IRecordSchema? Element => inner.Element;

    public string? EntryNoun => inner.EntryNoun;

    public string? RequiredMessage => null;

    public string? NotSupportedMessage => inner.NotSupportedMessage;

    public bool NothingMeansEmpty => inner.NothingMeansEmpty;

    public bool IsSwitch => inner.IsSwitch;

    public bool HasDefault => inner.HasDefault;

    public object? Get(object record) => inner.Get(get((TRecord)record));

    public object Set(object record, object? value) => set((TRecord)record, (TPart)inner.Set(get((TRecord)record), value))!;

    public bool IsPresent(object record) => inner.IsPresent(get((TRecord)record));

    public object WithDefault(object record) => set((TRecord)record, (TPart)inner.WithDefault(get((TRecord)record)))!;

    public IEnumerable<FieldProblem> Check(object record) => [];

    public object ListOf(IEnumerable<object> items) => inner.ListOf(items);

    public IEnumerable<object> ItemsOf(object? value) => inner.ItemsOf(value);

    public object MapOf(IEnumerable<KeyValuePair<string, object>> entries) => inner.MapOf(entries);

    public IEnumerable<KeyValuePair<string, object>> EntriesOf(object? value) => inner.EntriesOf(value);

    public override string ToString() => $"{Name} ({Kind}, of {typeof(TPart).Name})";
}
