using System.Diagnostics;

namespace Proxy.Tests.Docker;

/// <summary>
/// Certificates for a Docker daemon over TLS, made with openssl as docs/docker.md tells an operator to:
/// a CA, a server certificate for 127.0.0.1 (IP SAN, serverAuth) and a client certificate (clientAuth).
/// Each instance is a CA of its own in a directory of its own, so a second one is "another CA".
/// </summary>
internal sealed class DockerCertificateAuthority : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"pxc-{Guid.NewGuid():N}"[..12]);

    public DockerCertificateAuthority()
    {
        Directory.CreateDirectory(_directory);
        OpenSsl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca-key.pem", "-out", "ca.pem", "-days", "2", "-subj", "/CN=proxy test CA");
        Issue("server", "/CN=127.0.0.1", "subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n");
        Issue("client", "/CN=proxy-node", "extendedKeyUsage=clientAuth\n");
    }

    public string CaFile => File("ca.pem");

    public string ServerCertFile => File("server-cert.pem");

    public string ServerKeyFile => File("server-key.pem");

    public string ClientCertFile => File("client-cert.pem");

    public string ClientKeyFile => File("client-key.pem");

    public DaemonTls ForDaemon(int port) => new(port, CaFile, ServerCertFile, ServerKeyFile);

    /// <summary>
    /// A certificate of this CA for 127.0.0.1 that is for client authentication only (another client's, say):
    /// what a daemon impersonated with a client's certificate presents. Returns its certificate and key files.
    /// </summary>
    public (string CertFile, string KeyFile) IssueClientOnlyForLoopback()
    {
        Issue("client-loopback", "/CN=127.0.0.1", "subjectAltName=IP:127.0.0.1\nextendedKeyUsage=clientAuth\n");
        return (File("client-loopback-cert.pem"), File("client-loopback-key.pem"));
    }

    /// <summary>
    /// A certificate of this CA for 127.0.0.1 whose extended key usage is <paramref name="usage"/> as openssl's
    /// extendedKeyUsage writes it (e.g. "anyExtendedKeyUsage", "clientAuth,anyExtendedKeyUsage"), or that has no
    /// such extension when it is null. Returns its certificate and key files.
    /// </summary>
    public (string CertFile, string KeyFile) IssueForLoopback(string name, string? usage)
    {
        var extensions = "subjectAltName=IP:127.0.0.1\n" + (usage is null ? "" : $"extendedKeyUsage={usage}\n");
        Issue(name, "/CN=127.0.0.1", extensions);
        return (File($"{name}-cert.pem"), File($"{name}-key.pem"));
    }

    /// <summary>
    /// A daemon certificate for 127.0.0.1 (serverAuth) issued by an intermediate CA that this CA signed, as an
    /// organisation's PKI issues them; the intermediate's extended key usage is <paramref name="intermediateUsage"/>
    /// (none when null). Returns the daemon's certificate, its key and the intermediate's certificate.
    /// </summary>
    public (string CertFile, string KeyFile, string IntermediateFile) IssueServerThroughIntermediate(string? intermediateUsage = null)
    {
        Issue("intermediate", "/CN=proxy test intermediate CA", "basicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign,cRLSign\n"
            + (intermediateUsage is null ? "" : $"extendedKeyUsage={intermediateUsage}\n"));
        Issue("server-via-intermediate", "/CN=127.0.0.1", "subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n", "intermediate");
        return (File("server-via-intermediate-cert.pem"), File("server-via-intermediate-key.pem"), File("intermediate-cert.pem"));
    }

    /// <summary>Why openssl cannot be used here, or null when it can (a test must fail under CI=true, never skip).</summary>
    public static string? Missing() =>
        System.IO.File.Exists("/usr/bin/openssl") ? null : "openssl is not installed (apt-get install openssl)";

    public void Dispose()
    {
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private string File(string name) => Path.Combine(_directory, name);

    private void Issue(string name, string subject, string extensions, string issuer = "ca")
    {
        var (issuerCert, issuerKey) = issuer == "ca" ? ("ca.pem", "ca-key.pem") : ($"{issuer}-cert.pem", $"{issuer}-key.pem");
        System.IO.File.WriteAllText(File($"{name}.ext"), extensions);
        OpenSsl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", $"{name}-key.pem", "-out", $"{name}.csr", "-subj", subject);
        OpenSsl("x509", "-req", "-in", $"{name}.csr", "-CA", issuerCert, "-CAkey", issuerKey, "-CAcreateserial",
            "-out", $"{name}-cert.pem", "-days", "2", "-extfile", $"{name}.ext");
    }

    private void OpenSsl(params string[] arguments)
    {
        var info = new ProcessStartInfo("openssl") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = _directory };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"openssl {string.Join(' ', arguments)} exited with {process.ExitCode}: {output.Result}{errors.Result}");
        }
    }
}
