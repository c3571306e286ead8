namespace Proxy.Actors.Cluster;

/// <summary>How one declared field is written on the cluster's wire: its kind, refined where the wire writes a kind two ways.</summary>
internal enum WireShape
{
    /// <summary>A presence byte, then UTF-8 with a 7-bit length (string and duration fields).</summary>
    Text,

    /// <summary>A 7-bit index into the configuration's prefix table (0: absent), then the rest as text.</summary>
    SharedText,

    /// <summary>A presence byte, then a 7-bit integer.</summary>
    Int,

    /// <summary>A presence byte, then a 7-bit 64-bit integer.</summary>
    Long,

    /// <summary>One byte for three states: absent, false, true.</summary>
    Bool,

    /// <summary>A 7-bit count, then each text.</summary>
    StringList,

    /// <summary>A 7-bit count, then each name and value, in ordinal order of the names.</summary>
    StringMap,

    /// <summary>A presence byte, then the nested record's fields.</summary>
    Object,

    /// <summary>A key that groups fields of the same record (<c>http</c>): its fields are written inline.</summary>
    Section,

    /// <summary>A 7-bit count, then each record.</summary>
    ObjectList,

    /// <summary>A 7-bit count, then each name and record, in ordinal order of the names.</summary>
    ObjectMap,

    /// <summary>
    /// The middleware types a middleware gives: a 7-bit count, then each type's index in
    /// <see cref="Model.Config.MiddlewareTypes.All"/> (increasing) and its options record.
    /// </summary>
    Registry,
}
