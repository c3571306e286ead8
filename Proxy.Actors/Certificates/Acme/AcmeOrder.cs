using System.Collections.Immutable;

namespace Proxy.Actors.Certificates.Acme;

/// <summary>An order (RFC 8555 section 7.1.3): pending, ready, processing, valid or invalid.</summary>
public sealed record AcmeOrder(
    Uri Location,
    string Status,
    ImmutableArray<string> Identifiers,
    ImmutableArray<Uri> Authorizations,
    Uri Finalize,
    Uri? Certificate,
    DateTimeOffset? Expires,
    AcmeProblem? Error);
