using System.Security.Cryptography.X509Certificates;
using Proxy.Node.ClusterTls;

namespace Proxy.Node.Tests.ClusterTls;

public sealed class ClusterPeerCertificatePolicyTests
{
    private static readonly DateTimeOffset Now = new(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);

    private static X509Certificate2 Ca() => ClusterCertificateAuthority.CreateCa(new FixedTime(Now.AddYears(-1)), TimeSpan.FromDays(3650));

    private static X509Certificate2 Node(X509Certificate2 ca, DateTimeOffset issuedAt, TimeSpan lifetime) =>
        ClusterCertificateAuthority.IssueNode(ca, "node", [], new FixedTime(issuedAt), lifetime);

    [Fact]
    public void Refusal_CertificateFromTheClusterCa_Accepted()
    {
        using var ca = Ca();
        using var node = Node(ca, Now, TimeSpan.FromDays(30));

        Assert.Null(ClusterPeerCertificatePolicy.Refusal(node, [ca], Now));
    }

    [Fact]
    public void Refusal_CertificateFromAnotherCa_NotSignedByTheClusterCa()
    {
        using var ours = Ca();
        using var theirs = Ca();
        using var node = Node(theirs, Now, TimeSpan.FromDays(30));

        Assert.Contains("not signed by the cluster's CA", ClusterPeerCertificatePolicy.Refusal(node, [ours], Now), StringComparison.Ordinal);
    }

    [Fact]
    public void Refusal_ExpiredCertificate_SaysExpiredWithItsValidity()
    {
        using var ca = Ca();
        using var node = Node(ca, Now.AddDays(-10), TimeSpan.FromDays(2));

        Assert.Contains("expired or not yet valid", ClusterPeerCertificatePolicy.Refusal(node, [ca], Now), StringComparison.Ordinal);
    }

    [Fact]
    public void Refusal_NoCertificate_SaysSo()
    {
        using var ca = Ca();

        Assert.Equal("the peer presented no certificate", ClusterPeerCertificatePolicy.Refusal(null, [ca], Now));
    }

    [Fact]
    public void Refusal_TwoCasTrustedDuringARotation_AcceptsCertificatesOfBoth()
    {
        using var old = Ca();
        using var next = Ca();
        using var fromOld = Node(old, Now, TimeSpan.FromDays(30));
        using var fromNext = Node(next, Now, TimeSpan.FromDays(30));

        Assert.Null(ClusterPeerCertificatePolicy.Refusal(fromOld, [old, next], Now));
        Assert.Null(ClusterPeerCertificatePolicy.Refusal(fromNext, [old, next], Now));
    }

    [Fact]
    public void IssueNode_ClockBehindTheCas_ValidFromTheCasStart()
    {
        using var ca = ClusterCertificateAuthority.CreateCa(new FixedTime(Now), TimeSpan.FromDays(3650));

        using var node = Node(ca, Now.AddMinutes(-10), TimeSpan.FromDays(30));

        Assert.Equal(ca.NotBefore, node.NotBefore);
        Assert.Null(ClusterPeerCertificatePolicy.Refusal(node, [ca], Now));
    }
}
