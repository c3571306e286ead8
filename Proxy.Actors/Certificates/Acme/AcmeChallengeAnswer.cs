namespace Proxy.Actors.Certificates.Acme;

/// <summary>
/// What has to be answered for one identifier: for HTTP-01, <see cref="KeyAuthorization"/> at
/// <c>/.well-known/acme-challenge/{Token}</c>; for TLS-ALPN-01, the certificate
/// <see cref="TlsAlpnChallengeCertificate.Create"/> makes from it, for SNI <see cref="Domain"/>.
/// Plain values, so the answer can be replicated to the node the CA happens to reach.
/// </summary>
public sealed record AcmeChallengeAnswer(string Domain, string Type, string Token, string KeyAuthorization);
