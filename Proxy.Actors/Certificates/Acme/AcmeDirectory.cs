namespace Proxy.Actors.Certificates.Acme;

/// <summary>The CA's directory (RFC 8555 section 7.1.1): where each operation is posted.</summary>
public sealed record AcmeDirectory(Uri NewNonce, Uri NewAccount, Uri NewOrder, Uri? RevokeCert, Uri? KeyChange, Uri? TermsOfService, bool ExternalAccountRequired);
