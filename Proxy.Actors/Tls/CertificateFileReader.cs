using System.Text;
using Proxy.Actors.Files;

namespace Proxy.Actors.Tls;

/// <summary>Reads certificate files from the node's file system, refusing files larger than <see cref="MaxBytes"/>.</summary>
public sealed class CertificateFileReader : ICertificateFileReader
{
    /// <summary>Far above a PEM chain of a few certificates; keeps a wrong path (a log, a disk image) out of memory.</summary>
    public const long MaxBytes = 1024 * 1024;

    public string ReadText(string path) => Read(path);

    /// <summary>As <see cref="ReadText"/>, for a reader of PEM files that is not handed one (static options read at start).</summary>
    public static string Read(string path)
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

        // The size above is no bound on what a read returns: a file may grow between the two. Read at most one byte past the limit.
        using var file = RegularFile.OpenRead(path);
        using var bytes = new MemoryStream();
        var buffer = new byte[16 * 1024];
        int read;
        while ((read = file.Read(buffer)) > 0)
        {
            if (bytes.Length + read > MaxBytes)
            {
                throw new IOException($"it holds more than the {MaxBytes} bytes a PEM file may have (a growing file?)");
            }

            bytes.Write(buffer, 0, read);
        }

        bytes.Position = 0;
        using var text = new StreamReader(bytes, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        return text.ReadToEnd();
    }
}
