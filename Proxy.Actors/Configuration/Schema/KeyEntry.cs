namespace Proxy.Actors.Configuration.Schema;

/// <summary>
/// One key of a <see cref="MappingNode"/> as written, where the key itself was written (an unknown
/// field is reported at its key), and its value.
/// </summary>
public sealed record KeyEntry(string Key, KeyPosition? KeyPosition, KeyNode Value)
{
    /// <summary>
    /// Set when the key was not text (YAML allows a list or a mapping as a key): what was written
    /// instead (<c>a list</c>), so the decoder reports it where it knows which object it spoils.
    /// <see cref="Key"/> is then only a placeholder.
    /// </summary>
    public string? InvalidKey { get; init; }
}
