namespace Proxy.Actors.Tls;

/// <summary>
/// Reads the PEM files a TLS configuration names. Injected so that the store can be built from any
/// file system the node sees (and so that a test can make a file unreadable without root).
/// </summary>
public interface ICertificateFileReader
{
    /// <summary>The file's text; throws <see cref="IOException"/> or <see cref="UnauthorizedAccessException"/> when it cannot be read.</summary>
    string ReadText(string path);
}
