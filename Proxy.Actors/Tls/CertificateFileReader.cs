namespace Proxy.Actors.Tls;

/// <summary>Reads certificate files from the node's file system, refusing files larger than <see cref="MaxBytes"/>.</summary>
public sealed class CertificateFileReader : ICertificateFileReader
{
    /// <summary>Far above a PEM chain of a few certificates; keeps a wrong path (a log, a disk image) out of memory.</summary>
    public const long MaxBytes = 1024 * 1024;

    public string ReadText(string path)
    {
        if (Directory.Exists(path))
        {
            throw new IOException("it is a directory");
        }

        var info = new FileInfo(path);
        if (info.Exists && info.Length > MaxBytes)
        {
            throw new IOException($"the file is {info.Length} bytes, more than the {MaxBytes} bytes a PEM file may have");
        }

        return File.ReadAllText(path);
    }
}
