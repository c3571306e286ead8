using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using Docker.DotNet.X509;
using Proxy.Discovery.Docker;
using Proxy.Tests.Docker;
using Xunit;

namespace Proxy.Discovery.Tests.Docker;

/// <summary>
/// The watcher's check of a daemon's certificate, through a real TLS handshake with a listener on 127.0.0.1 that
/// presents certificates made with openssl: a daemon needs a certificate for server authentication from the
/// configured CA, possibly through the intermediates it sends.
/// </summary>
public sealed class DockerTlsMaterialTests : IDisposable
{
    private readonly DockerCertificateAuthority _certificates = new();

    public void Dispose() => _certificates.Dispose();

    [Fact]
    public async Task Credentials_DaemonCertificateOfTheCa_Accepted()
    {
        var refusal = await HandshakeAsync(_certificates.ServerCertFile, _certificates.ServerKeyFile);

        Assert.Null(refusal);
    }

    [Fact]
    public async Task Credentials_DaemonPresentsAClientOnlyCertificateOfTheCa_RefusedForWantOfServerAuth()
    {
        // One CA signs the daemon's and the clients' certificates, as Docker's guide does: a client's certificate
        // naming the host must not pass for the daemon's.
        var (cert, key) = _certificates.IssueClientOnlyForLoopback();

        var refusal = await HandshakeAsync(cert, key);

        Assert.NotNull(refusal);
        Assert.Contains("not for server authentication", refusal, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("anyExtendedKeyUsage")]
    [InlineData("clientAuth,anyExtendedKeyUsage")]
    [InlineData(null)]
    public async Task Credentials_DaemonCertificateForAnyUsageOfTheCa_AcceptedAsGoAcceptsIt(string? usage)
    {
        // Go's crypto/x509 (the docker CLI's client) takes anyExtendedKeyUsage, or no extended key usage at all,
        // as serverAuth: a daemon that the docker CLI reaches must be reachable from the node too.
        var (cert, key) = _certificates.IssueForLoopback("any-usage", usage);

        var refusal = await HandshakeAsync(cert, key);

        Assert.Null(refusal);
    }

    [Theory]
    [InlineData("clientAuth")]
    [InlineData("clientAuth,codeSigning")]
    [InlineData("emailProtection")]
    public async Task Credentials_DaemonCertificateWhoseUsageExcludesServerAuth_RefusedForWantOfServerAuth(string usage)
    {
        var (cert, key) = _certificates.IssueForLoopback("no-server-auth", usage);

        var refusal = await HandshakeAsync(cert, key);

        Assert.NotNull(refusal);
        Assert.Contains("not for server authentication", refusal, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Credentials_DaemonCertificateFromAnIntermediateItSends_Accepted()
    {
        var (cert, key, intermediate) = _certificates.IssueServerThroughIntermediate();

        var refusal = await HandshakeAsync(cert, key, intermediate);

        Assert.Null(refusal);
    }

    [Theory]
    [InlineData("serverAuth,clientAuth")]
    [InlineData("anyExtendedKeyUsage")]
    public async Task Credentials_DaemonCertificateFromAnIntermediateForServers_Accepted(string usage)
    {
        var (cert, key, intermediate) = _certificates.IssueServerThroughIntermediate(usage);

        var refusal = await HandshakeAsync(cert, key, intermediate);

        Assert.Null(refusal);
    }

    [Fact]
    public async Task Credentials_DaemonCertificateFromAnIntermediateForClientsOnly_RefusedNamingTheIntermediate()
    {
        // Go intersects the usages along the chain: a CA limited to clientAuth vouches for no server.
        var (cert, key, intermediate) = _certificates.IssueServerThroughIntermediate("clientAuth");

        var refusal = await HandshakeAsync(cert, key, intermediate);

        Assert.NotNull(refusal);
        Assert.Contains("issued through CN=proxy test intermediate CA, whose extended key usage lacks serverAuth", refusal, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Credentials_NoCaFileAndADaemonCertificateOfAPrivateCa_RefusedByTheSystemsRoots()
    {
        var refusal = await HandshakeAsync(_certificates.ServerCertFile, _certificates.ServerKeyFile, settings: Settings() with { CaFile = null });

        Assert.NotNull(refusal);
        Assert.Contains("not trusted by the system's roots", refusal, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Credentials_IntermediateOfAnotherCa_RefusedNamingTheCa()
    {
        // The intermediates the daemon sends help build the chain; they are never trusted themselves.
        using var other = new DockerCertificateAuthority();
        var (cert, key, intermediate) = other.IssueServerThroughIntermediate();

        var refusal = await HandshakeAsync(cert, key, intermediate);

        Assert.NotNull(refusal);
        Assert.Contains("not signed by the configured CA", refusal, StringComparison.Ordinal);
    }

    [Fact]
    public void Dispose_LoadedMaterial_DisposesItsCertificates()
    {
        Assert.True(DockerTlsMaterial.TryLoad(Settings(), out var material, out var error), error);
        var ca = material!.TrustedCas![0];
        var client = material.ClientCertificate!;
        Assert.NotEqual(IntPtr.Zero, ca.Handle);

        material.Dispose();

        Assert.Equal(IntPtr.Zero, ca.Handle);
        Assert.Equal(IntPtr.Zero, client.Handle);
    }

    private DockerTlsSettings Settings() =>
        new(_certificates.CaFile, _certificates.ClientCertFile, _certificates.ClientKeyFile, false);

    /// <summary>A TLS listener presenting the certificate (and intermediate), and the watcher's callback as its client: the refusal, or null when the handshake passed.</summary>
    private async Task<string?> HandshakeAsync(string certFile, string keyFile, string? intermediateFile = null, DockerTlsSettings? settings = null)
    {
        Assert.True(DockerTlsMaterial.TryLoad(settings ?? Settings(), out var material, out var error), error);
        using var _ = material;
        var refusals = new DockerTlsRefusals();
        var callback = ((CertificateCredentials)material!.Credentials(refusals)).ServerCertificateValidationCallback!;

        using var serverCertificate = X509Certificate2.CreateFromPemFile(certFile, keyFile);
        var intermediates = new X509Certificate2Collection();
        if (intermediateFile is not null)
        {
            intermediates.ImportFromPemFile(intermediateFile);
        }

        using var listener = new TcpListenerScope(new TcpListener(IPAddress.Loopback, 0));
        var port = ((IPEndPoint)listener.Listener.LocalEndpoint).Port;
        var served = ServeAsync(listener.Listener, SslStreamCertificateContext.Create(serverCertificate, intermediates, offline: true));

        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, port);
        await using var tls = new SslStream(tcp.GetStream());
        string? refusal = null;
        try
        {
            await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
            {
                TargetHost = "127.0.0.1",
                RemoteCertificateValidationCallback = (sender, certificate, chain, errors) => callback(sender, certificate, chain, errors),
            });
        }
        catch (AuthenticationException)
        {
            refusal = refusals.Take() ?? throw new InvalidOperationException("the handshake failed without a refusal from the callback");
        }

        tcp.Close();
        await served;
        foreach (var intermediate in intermediates)
        {
            intermediate.Dispose();
        }

        return refusal;
    }

    private static async Task ServeAsync(TcpListener listener, SslStreamCertificateContext context)
    {
        using var accepted = await listener.AcceptTcpClientAsync();
        await using var tls = new SslStream(accepted.GetStream());
        try
        {
            await tls.AuthenticateAsServerAsync(new SslServerAuthenticationOptions { ServerCertificateContext = context });
        }
        catch (Exception e) when (e is AuthenticationException or IOException)
        {
            // The client refused the certificate: what the test looks at is the client's side.
        }
    }

    private sealed class TcpListenerScope : IDisposable
    {
        public TcpListenerScope(TcpListener listener)
        {
            Listener = listener;
            listener.Start();
        }

        public TcpListener Listener { get; }

        public void Dispose() => Listener.Stop();
    }
}
