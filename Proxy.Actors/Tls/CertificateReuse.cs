using System.Collections.Immutable;
using System.Globalization;
using Proxy.Actors.Certificates;
using Proxy.Actors.Configuration.Validation;

namespace Proxy.Actors.Tls;

/// <summary>
/// The certificates one snapshot loaded, by everything they were loaded from, so the next build keeps
/// each one whose input did not change instead of parsing its key again and making the node build a new
/// handshake context for it.
/// </summary>
public sealed record CertificateReuse(ImmutableDictionary<string, LoadedCertificate> ByInput)
{
    public static CertificateReuse None { get; } = new(ImmutableDictionary<string, LoadedCertificate>.Empty);

    /// <summary>
    /// A declared file pair's input: the declaration and the contents of both files; null when a file's
    /// contents are not known, so it is loaded again.
    /// </summary>
    public static string? InputOf(SourcedCertificate declared, ImmutableDictionary<string, string> versions) =>
        versions.TryGetValue(declared.CertFile, out var cert) && versions.TryGetValue(declared.KeyFile, out var key)
            ? string.Join('\n', "file", declared.Source, declared.Path, declared.CertFile, declared.KeyFile, cert, key)
            : null;

    /// <summary>
    /// A stored ACME certificate's input, field by field: the record's own equality compares its domain
    /// list by reference, and a replicated state arrives as new objects every time.
    /// </summary>
    public static string InputOf(AcmeStoredCertificate stored) =>
        string.Join(
            '\n',
            "acme",
            stored.Resolver,
            string.Join(',', stored.Domains.IsDefault ? [] : stored.Domains),
            stored.OrderedBy,
            stored.ObtainedAt.ToString("O", CultureInfo.InvariantCulture),
            stored.ChainPem,
            stored.KeyPem);
}
