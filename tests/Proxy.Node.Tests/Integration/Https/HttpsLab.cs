using System.Diagnostics;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Proxy.Node.Tests.Integration.Https;

/// <summary>
/// A test CA, certificates it signs written as PEM files, and the real curl and openssl clients run
/// against a node's entry point. Certificates are made here with .NET's CertificateRequest.
/// </summary>
internal sealed class HttpsLab : IDisposable
{
    private readonly X509Certificate2 _ca;

    public HttpsLab(string caName = "Proxy Test CA")
    {
        Directory = System.IO.Directory.CreateTempSubdirectory("proxy-it-https-").FullName;
        _ca = MakeCa(caName);
        CaFile = Path.Combine(Directory, "ca.pem");
        File.WriteAllText(CaFile, _ca.ExportCertificatePem());
    }

    public string Directory { get; }

    /// <summary>The CA's certificate, for curl's --cacert and for clientAuth.caFiles.</summary>
    public string CaFile { get; }

    public X509Certificate2 Ca => _ca;

    /// <summary>A server certificate for <paramref name="names"/> signed by the CA, written as <c>name.pem</c> and <c>name.key</c>.</summary>
    public (string CertFile, string KeyFile) Server(string name, params string[] names) =>
        Write(name, Issue($"CN={names[0]}", names, serverAuth: true));

    /// <summary>A server certificate for the IP address <paramref name="address"/> (an IP SAN) signed by the CA, written as <c>name.pem</c> and <c>name.key</c>.</summary>
    public (string CertFile, string KeyFile) ServerForAddress(string name, System.Net.IPAddress address) =>
        Write(name, Issue($"CN={address}", [], serverAuth: true, address));

    /// <summary>A server certificate for <paramref name="names"/> that also carries the URI <paramref name="uri"/> (a workload identity, for peerCertURI).</summary>
    public (string CertFile, string KeyFile) ServerWithUri(string name, string uri, params string[] names) =>
        Write(name, Issue($"CN={names[0]}", names, serverAuth: true, uri: new Uri(uri)));

    /// <summary>A client certificate signed by the CA (or by <paramref name="issuer"/>'s CA).</summary>
    public (string CertFile, string KeyFile) Client(string name, HttpsLab? issuer = null) =>
        Write(name, (issuer ?? this).Issue($"CN={name}", [], serverAuth: false));

    /// <summary>The TLS section of a dynamic configuration serving <paramref name="certificates"/>, then <paramref name="extra"/> (options).</summary>
    public static string TlsSection(IEnumerable<(string CertFile, string KeyFile)> certificates, string extra = "") =>
        "tls:\n  certificates:\n"
        + string.Concat(certificates.Select(c => $"    - certFile: {c.CertFile}\n      keyFile: {c.KeyFile}\n"))
        + extra;

    /// <summary>Runs curl against https://<paramref name="host"/>:<paramref name="port"/>, resolving the name to 127.0.0.1.</summary>
    public async Task<ToolResult> CurlAsync(string host, int port, string path = "/", params string[] extra)
    {
        string[] args =
        [
            "-sS", "--max-time", "10", "--noproxy", "*", "--resolve", $"{host}:{port}:127.0.0.1", "--cacert", CaFile,
            "-o", "-", "-w", "\n%{http_code} %{http_version}", .. extra, $"https://{host}:{port}{path}",
        ];
        return await RunAsync("curl", args).ConfigureAwait(false);
    }

    /// <summary>openssl s_client: the handshake alone, then the peer certificate's subject and the ALPN the server chose.</summary>
    public static Task<ToolResult> SClientAsync(int port, string? serverName, params string[] extra) =>
        RunAsync("openssl", ["s_client", "-connect", $"127.0.0.1:{port}", .. serverName is null ? (string[])["-noservername"] : ["-servername", serverName], .. extra], stdin: "");

    public static async Task<ToolResult> RunAsync(string file, string[] args, string? stdin = null)
    {
        var start = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = stdin is not null,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment.Remove("http_proxy");
        start.Environment.Remove("https_proxy");
        using var process = Process.Start(start)!;
        if (stdin is not null)
        {
            process.StandardInput.Close();
        }

        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        try
        {
            await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', args)} did not finish within 20 s");
        }

        return new ToolResult(process.ExitCode, await stdout.ConfigureAwait(false), await stderr.ConfigureAwait(false));
    }

    public void Dispose()
    {
        _ca.Dispose();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static X509Certificate2 MakeCa(string name)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        var now = DateTimeOffset.UtcNow;
        return request.CreateSelfSigned(now.AddDays(-1), now.AddDays(30));
    }

    private X509Certificate2 Issue(string subject, string[] names, bool serverAuth, System.Net.IPAddress? address = null, Uri? uri = null)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        if (names.Length > 0 || address is not null || uri is not null)
        {
            var san = new SubjectAlternativeNameBuilder();
            if (uri is not null)
            {
                san.AddUri(uri);
            }

            foreach (var name in names)
            {
                san.AddDnsName(name);
            }

            if (address is not null)
            {
                san.AddIpAddress(address);
            }

            request.CertificateExtensions.Add(san.Build());
        }

        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
            [new Oid(serverAuth ? "1.3.6.1.5.5.7.3.1" : "1.3.6.1.5.5.7.3.2")], false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(_ca, true, false));
        var now = DateTimeOffset.UtcNow;
        var serial = RandomNumberGenerator.GetBytes(12);
        using var signed = request.Create(_ca, now.AddHours(-1), now.AddDays(7), serial);
        return signed.CopyWithPrivateKey(key);
    }

    private (string CertFile, string KeyFile) Write(string name, X509Certificate2 certificate)
    {
        var certFile = Path.Combine(Directory, name + ".pem");
        var keyFile = Path.Combine(Directory, name + ".key");
        File.WriteAllText(certFile, certificate.ExportCertificatePem());
        File.WriteAllText(keyFile, certificate.GetECDsaPrivateKey()!.ExportPkcs8PrivateKeyPem());
        certificate.Dispose();
        return (certFile, keyFile);
    }
}

internal sealed record ToolResult(int ExitCode, string Stdout, string Stderr)
{
    /// <summary>curl's last line, as written by its -w: the status code and the HTTP version.</summary>
    public string StatusLine => Stdout.Split('\n')[^1];

    public string Body => string.Join('\n', Stdout.Split('\n')[..^1]);

    public override string ToString() => $"exit {ExitCode}\nstdout: {Stdout}\nstderr: {Stderr}";
}
