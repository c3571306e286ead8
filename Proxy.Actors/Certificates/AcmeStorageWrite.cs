namespace Proxy.Actors.Certificates;

/// <summary>A storage file write: <paramref name="Written"/> false when the file already held the content or on <paramref name="Error"/>.</summary>
public sealed record AcmeStorageWrite(bool Written, string? Error);
