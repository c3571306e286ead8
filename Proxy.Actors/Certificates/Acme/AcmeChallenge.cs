namespace Proxy.Actors.Certificates.Acme;

/// <summary>One way to prove control of an identifier (RFC 8555 section 8), as the CA lists it.</summary>
public sealed record AcmeChallenge(string Type, Uri Url, string Token, string Status, AcmeProblem? Error)
{
    public const string Http01 = "http-01";
    public const string TlsAlpn01 = "tls-alpn-01";
}
