using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Proxy.Node.ClusterTls;

/// <summary>
/// Where <c>proxy-node cluster tls</c> keeps its files in a directory, and how they are written:
/// certificates as PEM readable by all, private keys as PKCS#8 PEM readable by their owner only.
/// </summary>
internal static class ClusterTlsFiles
{
    public const string CaCertificate = "ca.crt";
    public const string CaKey = "ca.key";

    public static string NodeCertificate(string nodeName) => nodeName + ".crt";

    public static string NodeKey(string nodeName) => nodeName + ".key";

    /// <summary>Writes a certificate and its key; refuses to replace either (an old key may still be in use).</summary>
    public static void Write(string directory, string certificateFile, string keyFile, X509Certificate2 certificate)
    {
        var certificatePath = Path.Combine(directory, certificateFile);
        var keyPath = Path.Combine(directory, keyFile);
        foreach (var path in new[] { certificatePath, keyPath })
        {
            if (File.Exists(path))
            {
                throw new IOException($"{path} already exists; remove it first or choose another directory or name");
            }
        }

        using var key = certificate.GetECDsaPrivateKey() ?? throw new CryptographicException("the certificate holds no ECDSA private key");
        // The key file is created with owner-only permissions, never widened after the fact.
        WriteText(keyPath, key.ExportPkcs8PrivateKeyPem(), UnixFileMode.UserRead | UnixFileMode.UserWrite);
        WriteText(certificatePath, certificate.ExportCertificatePem(), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
    }

    private static void WriteText(string path, string text, UnixFileMode mode)
    {
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = mode;
        }

        using var stream = new FileStream(path, options);
        using var writer = new StreamWriter(stream);
        writer.Write(text);
        writer.Write('\n');
    }
}
