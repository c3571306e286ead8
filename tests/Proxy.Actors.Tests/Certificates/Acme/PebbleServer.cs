using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Proxy.Actors.Certificates.Acme;
using Proxy.Tests.Ports;
using Xunit;

namespace Proxy.Actors.Tests.Certificates.Acme;

/// <summary>
/// Let's Encrypt's pebble on 127.0.0.1, with pebble-challtestsrv as its DNS server answering
/// 127.0.0.1 for every name, so pebble validates challenges for real against the test's own
/// listeners on <see cref="HttpPort"/> (HTTP-01) and <see cref="TlsPort"/> (TLS-ALPN-01).
/// Its own TLS certificate is made here and trusted through <see cref="AcmeCaTrust"/>, as a
/// resolver's <c>caCertificates</c> would. PEBBLE_VA_ALWAYS_VALID is never set.
/// </summary>
public class PebbleServer : IAsyncLifetime
{
    /// <summary>Pebble's own default share of good nonces it refuses as badNonce.</summary>
    public const int DefaultNonceRejectPercent = 5;

    private const string PebbleBinary = "/usr/bin/pebble";
    private const string ChallTestSrvBinary = "/usr/bin/pebble-challtestsrv";
    private static readonly TimeSpan StartLimit = TimeSpan.FromSeconds(15);

    private readonly string _dir = Directory.CreateTempSubdirectory("proxy-pebble-").FullName;
    private Process? _dns;
    private readonly int _nonceRejectPercent;
    private Process? _pebble;

    public PebbleServer()
        : this(DefaultNonceRejectPercent)
    {
    }

    protected PebbleServer(int nonceRejectPercent) => _nonceRejectPercent = nonceRejectPercent;

    public int AcmePort { get; } = FreeTcpPort();

    public int ManagementPort { get; } = FreeTcpPort();

    public int HttpPort { get; } = FreeTcpPort();

    public int TlsPort { get; } = FreeTcpPort();

    public Uri DirectoryUrl => new($"https://localhost:{AcmePort}/dir");

    /// <summary>The certificate pebble's own listeners present; the only anchor its clients trust.</summary>
    public X509Certificate2 ListenerCertificate { get; private set; } = null!;

    /// <summary>Why pebble cannot run here, or null when both binaries are installed.</summary>
    public static string? Missing() =>
        File.Exists(PebbleBinary) && File.Exists(ChallTestSrvBinary)
            ? null
            : $"no pebble: {PebbleBinary} or {ChallTestSrvBinary} missing (run ops/test-env/install.sh)";

    public HttpClient CreateHttpClient() => new(AcmeCaTrust.CreateHandler([ListenerCertificate])) { Timeout = TimeSpan.FromSeconds(30) };

    /// <summary>Pebble's root, regenerated at every start, from its management interface.</summary>
    public async Task<X509Certificate2> RootAsync()
    {
        using var http = CreateHttpClient();
        return X509Certificate2.CreateFromPem(await http.GetStringAsync($"https://localhost:{ManagementPort}/roots/0"));
    }

    public async Task InitializeAsync()
    {
        if (Missing() is { } missing)
        {
            throw new InvalidOperationException(missing);
        }

        ListenerCertificate = WriteListenerCertificate();
        var dnsPort = FreeDnsPort();
        var config = Path.Combine(_dir, "pebble-config.json");
        await File.WriteAllTextAsync(config, $$"""
            {
              "pebble": {
                "listenAddress": "127.0.0.1:{{AcmePort}}",
                "managementListenAddress": "127.0.0.1:{{ManagementPort}}",
                "certificate": "{{Path.Combine(_dir, "cert.pem")}}",
                "privateKey": "{{Path.Combine(_dir, "key.pem")}}",
                "httpPort": {{HttpPort}},
                "tlsPort": {{TlsPort}},
                "ocspResponderURL": "",
                "externalAccountBindingRequired": false
              }
            }
            """);

        // Only DNS: the challenges are answered by the tests' listeners, not by challtestsrv.
        _dns = Start(ChallTestSrvBinary, [
            "-defaultIPv4", "127.0.0.1", "-defaultIPv6", "", "-dns01", $"127.0.0.1:{dnsPort}",
            "-http01", "", "-https01", "", "-tlsalpn01", "", "-management", $"127.0.0.1:{FreeTcpPort()}",
        ], environment: []);
        // NOSLEEP: pebble otherwise waits up to 15 s at random before validating. Pebble refuses a
        // share of good nonces as badNonce (5 % by default), so the client's retry runs for real.
        _pebble = Start(PebbleBinary, ["-config", config, "-dnsserver", $"127.0.0.1:{dnsPort}"], environment: [
            ("PEBBLE_VA_NOSLEEP", "1"), ("PEBBLE_WFE_NONCEREJECT", _nonceRejectPercent.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        ]);

        using var http = CreateHttpClient();
        var deadline = DateTime.UtcNow + StartLimit;
        while (true)
        {
            try
            {
                using var response = await http.GetAsync(DirectoryUrl);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException) when (DateTime.UtcNow < deadline && !_pebble.HasExited)
            {
            }

            if (DateTime.UtcNow >= deadline || _pebble.HasExited)
            {
                throw new InvalidOperationException($"pebble did not answer {DirectoryUrl} within {StartLimit.TotalSeconds} s (exited: {_pebble.HasExited})");
            }

            await Task.Delay(100);
        }
    }

    public virtual Task DisposeAsync()
    {
        foreach (var process in new[] { _pebble, _dns })
        {
            if (process is null)
            {
                continue;
            }

            if (!process.HasExited)
            {
                process.Kill();
                process.WaitForExit(5000);
            }

            process.Dispose();
        }

        Directory.Delete(_dir, recursive: true);
        return Task.CompletedTask;
    }

    private static Process Start(string binary, string[] arguments, (string Name, string Value)[] environment)
    {
        var info = new ProcessStartInfo(binary) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment)
        {
            info.Environment[name] = value;
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {binary}");
        // Drained so a chatty server never blocks on a full pipe.
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    /// <summary>A self-signed CA certificate for localhost: Go serves it, .NET accepts it as its own anchor.</summary>
    private X509Certificate2 WriteListenerCertificate()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName("localhost");
        san.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        var now = DateTimeOffset.UtcNow;
        using var certificate = request.CreateSelfSigned(now.AddMinutes(-5), now.AddDays(1));
        File.WriteAllText(Path.Combine(_dir, "cert.pem"), certificate.ExportCertificatePem());
        File.WriteAllText(Path.Combine(_dir, "key.pem"), key.ExportPkcs8PrivateKeyPem());
        return X509CertificateLoader.LoadCertificate(certificate.RawData);
    }

    // Pebble and challtestsrv bind these later, beside nodes whose remoting ports are bound as 0:
    // outside the ephemeral range, those cannot take them in between.
    private static int FreeTcpPort() => TestPorts.Next(IPAddress.Loopback);

    /// <summary>challtestsrv serves DNS on both UDP and TCP: a port free for both.</summary>
    private static int FreeDnsPort() => TestPorts.NextTcpAndUdp(IPAddress.Loopback);
}
