using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Proxy.Actors.Tls;
using Proxy.Node.Middlewares.Auth;

namespace Proxy.Node.Tests.Middlewares.Auth;

public sealed class AuthServerClientsTests
{
    [Fact]
    public void For_SameMaterialTwice_OnePool()
    {
        using var clients = new AuthServerClients();
        using var certificate = SelfSigned("auth-a");

        var first = clients.For(Material(certificate));
        var second = clients.For(Material(certificate));

        Assert.Same(first, second);
        Assert.Equal(1, clients.LiveTlsPools);
    }

    /// <summary>A rotated file is new material; once no chain holds the old pool it goes, instead of one pool per rotation for the node's life.</summary>
    [Fact]
    public void For_RotatedMaterialsNoChainHolds_OldPoolsCollected()
    {
        using var clients = new AuthServerClients();
        for (var rotation = 0; rotation < 20; rotation++)
        {
            BuildAndDrop(clients, $"auth-{rotation}");
        }

        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        using var current = SelfSigned("auth-current");
        var held = clients.For(Material(current));

        Assert.Equal(1, clients.LiveTlsPools);
        GC.KeepAlive(held);
    }

    // Not inlined: the pool must not stay reachable from this method's frame.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void BuildAndDrop(AuthServerClients clients, string name)
    {
        var certificate = SelfSigned(name);
        _ = clients.For(Material(certificate));
    }

    private static ClientTlsMaterial Material(X509Certificate2 certificate) =>
        new(null, X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), null), [], insecureSkipVerify: false);

    private static X509Certificate2 SelfSigned(string name)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddDays(1));
    }
}
