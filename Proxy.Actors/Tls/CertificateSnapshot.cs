using System.Collections.Immutable;
using Proxy.Actors.Model;

namespace Proxy.Actors.Tls;

/// <summary>
/// Every certificate that loaded, indexed for SNI, the default one, and the errors of those that did not.
/// Immutable: a change of files or configuration builds a new snapshot, which replaces this one whole,
/// so a handshake in progress keeps the one it started with.
/// </summary>
public sealed record CertificateSnapshot(
    ImmutableArray<LoadedCertificate> Certificates,
    ImmutableDictionary<string, LoadedCertificate> Exact,
    ImmutableDictionary<string, LoadedCertificate> Wildcards,
    LoadedCertificate Default,
    ImmutableArray<ConfigError> Errors)
{
    /// <summary>The certificate for <paramref name="serverName"/>, null when none matches (sniStrict refuses then).</summary>
    public LoadedCertificate? Match(string? serverName) => SniSelection.Pick(Exact, Wildcards, serverName);

    /// <summary>The certificate to serve: the match, else the default one.</summary>
    public LoadedCertificate Select(string? serverName) => Match(serverName) ?? Default;

    /// <summary>
    /// TLS-ALPN-01 answers by domain (RFC 8737): served only to a client that offers the
    /// <c>acme-tls/1</c> protocol for that name, never to an ordinary client.
    /// </summary>
    public ImmutableDictionary<string, LoadedCertificate> AlpnChallenges { get; init; } =
        ImmutableDictionary<string, LoadedCertificate>.Empty.WithComparers(StringComparer.OrdinalIgnoreCase);
}
