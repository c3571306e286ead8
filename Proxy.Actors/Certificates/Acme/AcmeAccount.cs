namespace Proxy.Actors.Certificates.Acme;

/// <summary>The account the CA created or found for the key: its URL is the JWS <c>kid</c> from then on.</summary>
public sealed record AcmeAccount(Uri Location, string Status, bool Created);
