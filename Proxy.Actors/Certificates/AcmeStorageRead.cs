namespace Proxy.Actors.Certificates;

/// <summary>
/// A storage file read. <paramref name="Error"/> names what was wrong with the file (the node then
/// starts with what the cluster has); <paramref name="Writable"/> is false when the file could not
/// be read and must not be written over blindly.
/// </summary>
public sealed record AcmeStorageRead(AcmeStorageContent Content, string? Error, bool Writable)
{
    public static AcmeStorageRead Missing { get; } = new(AcmeStorageContent.Empty, null, true);

    /// <summary>Something the storage corrected while reading (a file others could read made owner-only), for the log.</summary>
    public string? Warning { get; init; }
}
