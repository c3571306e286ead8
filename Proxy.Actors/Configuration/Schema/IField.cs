using System.Collections.Immutable;

namespace Proxy.Actors.Configuration.Schema;

/// <summary>
/// One field of a configuration record, declared once beside the record: its name as operators
/// write it, its kind, how to read and set it on the immutable record, its default and its checks.
/// The decoder, the validator, the wire codec and the API all work from this declaration; values
/// cross this interface boxed, in the representation <see cref="FieldKind"/> gives for the kind.
/// </summary>
public interface IField
{
    /// <summary>Traefik's camelCase spelling (<c>entryPoints</c>); providers match it ignoring case.</summary>
    string Name { get; }

    FieldKind Kind { get; }

    FieldUse Use { get; }

    /// <summary>How the cluster's wire writes the value of a text field; <see cref="WireForm.Plain"/> for every other kind.</summary>
    WireForm WireForm { get; }

    /// <summary>The record type of an object, object-list or object-map field; null for the other kinds.</summary>
    IRecordSchema? Element { get; }

    /// <summary>What one entry of an object map is called in errors (<c>router</c>); null for the other kinds.</summary>
    string? EntryNoun { get; }

    /// <summary>The error for a value that is absent or blank; null when the field may be left out.</summary>
    string? RequiredMessage { get; }

    /// <summary>What the validator says when a <see cref="FieldUse.NotSupported"/> field is given.</summary>
    string? NotSupportedMessage { get; }

    /// <summary>
    /// For an object field given nothing (<c>retry:</c>): true when that means the object with no field
    /// set, false when it means the field is absent (<c>healthCheck:</c> turns no check on).
    /// </summary>
    bool NothingMeansEmpty { get; }

    /// <summary>An object field that a boolean turns on (the record with no field set) or off (absent).</summary>
    bool IsSwitch { get; }

    /// <summary>Whether <see cref="WithDefault"/> can fill the field when it is absent.</summary>
    bool HasDefault { get; }

    object? Get(object record);

    object Set(object record, object? value);

    /// <summary>Whether the record has a value for this field (non-null; a collection counts even when empty).</summary>
    bool IsPresent(object record);

    /// <summary>The record with the declared default in this field when it has no value; unchanged otherwise.</summary>
    object WithDefault(object record);

    /// <summary>The problems of the field's value in <paramref name="record"/>: required, then the declared checks.</summary>
    IEnumerable<FieldProblem> Check(object record);

    /// <summary>An object-list value from its items (records of <see cref="Element"/>).</summary>
    object ListOf(IEnumerable<object> items);

    /// <summary>The items of an object-list value; empty for an absent value.</summary>
    IEnumerable<object> ItemsOf(object? value);

    /// <summary>An object-map value from its named entries (records of <see cref="Element"/>).</summary>
    object MapOf(IEnumerable<KeyValuePair<string, object>> entries);

    /// <summary>The entries of an object-map value, in name order; empty for an absent value.</summary>
    IEnumerable<KeyValuePair<string, object>> EntriesOf(object? value);
}
