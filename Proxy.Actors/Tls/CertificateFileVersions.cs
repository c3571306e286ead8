using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Text;

namespace Proxy.Actors.Tls;

/// <summary>
/// What each watched certificate file holds right now, as a SHA-256 of its text (or the reason it cannot
/// be read). Comparing contents rather than file-system events or modification times catches every way a
/// file is replaced: written in place, written to a temporary file and renamed over it (editors,
/// <c>cp</c> then <c>mv</c>), or a symbolic link swapped to a new target (Kubernetes secret volumes), and
/// a rewrite within one timestamp tick.
/// </summary>
public static class CertificateFileVersions
{
    public static ImmutableDictionary<string, string> Read(IEnumerable<string> paths, ICertificateFileReader files)
    {
        var versions = ImmutableDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        foreach (var path in paths)
        {
            versions[path] = Version(path, files);
        }

        return versions.ToImmutable();
    }

    private static string Version(string path, ICertificateFileReader files)
    {
        try
        {
            return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(files.ReadText(path))));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return "unreadable: " + e.GetType().Name + ": " + e.Message;
        }
    }
}
