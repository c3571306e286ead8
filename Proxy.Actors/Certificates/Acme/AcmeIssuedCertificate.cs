using System.Collections.Immutable;

namespace Proxy.Actors.Certificates.Acme;

/// <summary>An issued certificate with its key, as storage and the TLS listeners need it.</summary>
public sealed record AcmeIssuedCertificate(ImmutableArray<string> Domains, string ChainPem, string KeyPem, DateTimeOffset NotAfter, Uri Order);
