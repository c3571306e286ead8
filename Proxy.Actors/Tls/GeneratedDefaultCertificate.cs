using System.Security.Cryptography.X509Certificates;

namespace Proxy.Actors.Tls;

/// <summary>
/// The node's self-signed default certificate, generated the first time a snapshot needs it and kept for
/// the node's life: every rebuild of the store serves the same one, so a client pinning it for a test
/// does not see it change at each reload. One instance per node, owned by what builds the snapshots.
/// </summary>
public sealed class GeneratedDefaultCertificate(TimeProvider time)
{
    /// <summary>The <see cref="LoadedCertificate.Source"/> of the generated certificate.</summary>
    public const string Source = "internal";

    private readonly Lazy<LoadedCertificate> _certificate = new(() =>
    {
        var certificate = SelfSignedCertificate.Generate(time);
        return new LoadedCertificate(certificate, [], [], Source, "generated default certificate");
    });

    public LoadedCertificate Certificate => _certificate.Value;

    public X509Certificate2 X509 => _certificate.Value.Certificate;
}
