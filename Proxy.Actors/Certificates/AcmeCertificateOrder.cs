namespace Proxy.Actors.Certificates;

/// <summary>Which of two certificates for the same resolver and names the cluster keeps: the one that expires last.</summary>
public static class AcmeCertificateOrder
{
    public static bool Newer(AcmeStoredCertificate candidate, AcmeStoredCertificate current) =>
        candidate.NotAfter > current.NotAfter;

    /// <summary>Equality by value: the record's own compares its domain array by reference.</summary>
    public static bool Same(AcmeStoredCertificate a, AcmeStoredCertificate b) =>
        a.Resolver == b.Resolver
        && a.Domains.SequenceEqual(b.Domains, StringComparer.Ordinal)
        && a.ChainPem == b.ChainPem
        && a.KeyPem == b.KeyPem
        && a.NotAfter == b.NotAfter
        && a.OrderedBy == b.OrderedBy
        && a.ObtainedAt == b.ObtainedAt;
}
