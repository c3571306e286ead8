namespace Proxy.Actors.Certificates;

/// <summary>A resolver's ACME account: the CA it belongs to, the e-mail it was made with, its key (PKCS#8 PEM) and URL.</summary>
public sealed record AcmeStoredAccount(string Resolver, Uri CaServer, string Email, string KeyPem, Uri? AccountUrl);
