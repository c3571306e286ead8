namespace Proxy.Actors.Configuration.Schema;

/// <summary>
/// One key of a <see cref="MappingNode"/> as written, where the key itself was written (an unknown
/// field is reported at its key), and its value.
/// </summary>
public sealed record KeyEntry(string Key, KeyPosition? KeyPosition, KeyNode Value);
