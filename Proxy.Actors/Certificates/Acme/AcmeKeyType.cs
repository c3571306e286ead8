namespace Proxy.Actors.Certificates.Acme;

/// <summary>The key of an issued certificate, with Traefik's <c>keyType</c> names.</summary>
public enum AcmeKeyType
{
    EC256,
    EC384,
    RSA2048,
    RSA4096,
}
