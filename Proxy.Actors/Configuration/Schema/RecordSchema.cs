using System.Collections.Frozen;
using System.Collections.Immutable;

namespace Proxy.Actors.Configuration.Schema;

/// <summary>
/// The declaration of <typeparamref name="TRecord"/>'s fields. Built once per record type with
/// <see cref="SchemaBuilder{TRecord}"/> and kept in a static property beside the record.
/// </summary>
public sealed class RecordSchema<TRecord> : IRecordSchema
    where TRecord : class
{
    private readonly FrozenDictionary<string, IField> _byName;

    internal RecordSchema(
        TRecord empty,
        ImmutableArray<IField> fields,
        Func<TRecord, string, TRecord>? keepUnknown,
        Func<string, string?, string>? unknownFieldMessage,
        ImmutableArray<string> oneOfRequired,
        string? oneOfRequiredMessage,
        bool ignoresUnsupported,
        ValueCheck<TRecord>? wholeCheck = null)
    {
        WholeCheck = wholeCheck is null ? null : record => wholeCheck((TRecord)record);
        IgnoresUnsupported = ignoresUnsupported;
        Empty = empty;
        Fields = fields;
        UserFields = [.. fields.Where(f => f.Use == FieldUse.User)];
        KeepUnknown = keepUnknown is null ? null : (record, key) => keepUnknown((TRecord)record, key);
        UnknownFieldMessage = unknownFieldMessage;
        OneOfRequired = oneOfRequired;
        OneOfRequiredMessage = oneOfRequiredMessage;
        _byName = fields
            .Where(f => f.Use != FieldUse.Internal)
            .ToFrozenDictionary(f => f.Name, StringComparer.OrdinalIgnoreCase);
    }

    public Type RecordType => typeof(TRecord);

    public TRecord Empty { get; }

    object IRecordSchema.Empty => Empty;

    public ImmutableArray<IField> Fields { get; }

    public ImmutableArray<IField> UserFields { get; }

    public Func<object, string, object>? KeepUnknown { get; }

    public Func<string, string?, string>? UnknownFieldMessage { get; }

    public bool IgnoresUnsupported { get; }

    public ImmutableArray<string> OneOfRequired { get; }

    public string? OneOfRequiredMessage { get; }

    public Func<object, IEnumerable<FieldProblem>>? WholeCheck { get; }

    public IField? Find(string key) => _byName.GetValueOrDefault(key);

    /// <summary>The field declared as <paramref name="name"/>; throws for a name not declared (a programming error).</summary>
    public IField this[string name] => Find(name) ?? Fields.FirstOrDefault(f => f.Name == name)
        ?? throw new ArgumentException($"{typeof(TRecord).Name} declares no field '{name}'", nameof(name));
}
