using System.Collections.Immutable;
using Proxy.Actors.Model.Config;

namespace Proxy.Actors.Configuration.Validation;

/// <summary>
/// The checked <c>tls</c> sections of every provider: what the TLS listener loads. Options are keyed by
/// qualified name (<c>modern@file</c>) with every default filled in; an options entry with errors is left
/// out, so that routers using it are disabled rather than served with weaker settings.
/// </summary>
/// <param name="Certificates">Every valid <c>tls.certificates</c> item, with the provider source that gave it.</param>
/// <param name="DefaultCertificate">The <c>default</c> store's default certificate, the first provider's that gives one.</param>
public sealed record ValidatedTls(
    ImmutableSortedDictionary<string, TlsOptionsConfig> Options,
    ImmutableArray<SourcedCertificate> Certificates,
    SourcedCertificate? DefaultCertificate)
{
    public static ValidatedTls Empty { get; } = new(
        ImmutableSortedDictionary<string, TlsOptionsConfig>.Empty.WithComparers(StringComparer.Ordinal), [], null);
}

/// <summary>A certificate file pair, where it was declared (<c>tls.certificates[2]</c>, <c>tls.stores.default.defaultCertificate</c>) and by whom.</summary>
public sealed record SourcedCertificate(string Source, string Path, string CertFile, string KeyFile, ImmutableArray<string> Stores);
