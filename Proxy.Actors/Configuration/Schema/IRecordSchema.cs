using System.Collections.Immutable;

namespace Proxy.Actors.Configuration.Schema;

/// <summary>
/// The declared fields of one configuration record, in the order the wire writes them and the API
/// shows them. Untyped so that the decoder, the wire codec and the API can walk nested records.
/// </summary>
public interface IRecordSchema
{
    Type RecordType { get; }

    /// <summary>The record with no field given: what a provider's empty object (<c>retry: {}</c>) decodes to.</summary>
    object Empty { get; }

    ImmutableArray<IField> Fields { get; }

    /// <summary>The fields an operator may write, in declaration order (the "expected one of" list).</summary>
    ImmutableArray<IField> UserFields { get; }

    /// <summary>
    /// For records whose keys are open-ended names (a middleware's type): where a key that is no field
    /// goes instead of being an error. Null for every record with a fixed set of fields.
    /// </summary>
    Func<object, string, object>? KeepUnknown { get; }

    /// <summary>
    /// The error for a key that is no field, given the key as written and a close field name if any;
    /// null for the decoder's standard message.
    /// </summary>
    Func<string, string?, string>? UnknownFieldMessage { get; }

    /// <summary>
    /// Whether a not-supported field or an unknown key of this record is skipped while the rest decodes (the
    /// configuration's sections); its error then carries <see cref="DecodeError.Ignored"/>.
    /// </summary>
    bool IgnoresUnsupported { get; }

    /// <summary>
    /// Fields of which an object must give at least one (a service's kinds), with the error when it gives
    /// none; empty when there is no such rule.
    /// </summary>
    ImmutableArray<string> OneOfRequired { get; }

    string? OneOfRequiredMessage { get; }

    /// <summary>A check on the whole record, for rules between fields; null when there is none.</summary>
    Func<object, IEnumerable<FieldProblem>>? WholeCheck { get; }

    /// <summary>The field an operator means by <paramref name="key"/> (ignoring case), internal fields excluded.</summary>
    IField? Find(string key);
}
