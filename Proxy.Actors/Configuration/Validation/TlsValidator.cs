using System.Collections.Immutable;
using Proxy.Actors.Configuration.Schema;
using Proxy.Actors.Model;
using Proxy.Actors.Model.Config;

namespace Proxy.Actors.Configuration.Validation;

/// <summary>
/// Checks one provider's <c>tls</c> section: the declared field checks, then what needs two fields at
/// once. Each options entry and each certificate stands alone: one with errors is left out with its
/// errors, the others are kept.
/// </summary>
public static class TlsValidator
{
    public static (ValidatedTls Tls, ImmutableArray<ConfigError> Errors) Validate(string provider, string source, TlsConfig? config)
    {
        if (config is null)
        {
            return (ValidatedTls.Empty, []);
        }

        var errors = ImmutableArray.CreateBuilder<ConfigError>();
        var options = ImmutableSortedDictionary.CreateBuilder<string, TlsOptionsConfig>(StringComparer.Ordinal);
        foreach (var (name, entry) in config.Options)
        {
            var sink = new ErrorSink(source, $"tls.options.{name}");
            sink.Check(TlsOptionsConfig.Schema, entry);
            if (!sink.HasErrors)
            {
                CheckTogether(SchemaValidation.Resolve(TlsOptionsConfig.Schema, entry), sink);
            }

            if (sink.HasErrors)
            {
                errors.AddRange(sink.ToImmutable());
                errors.Add(new ConfigError(source, $"tls.options.{name}", $"TLS options '{name}' are left out; routers using them are disabled"));
                continue;
            }

            options[QualifiedName.Of(name, provider)] = SchemaValidation.Resolve(TlsOptionsConfig.Schema, entry);
        }

        var certificates = ImmutableArray.CreateBuilder<SourcedCertificate>();
        var items = config.Certificates.IsDefault ? [] : config.Certificates;
        for (var i = 0; i < items.Length; i++)
        {
            var sink = new ErrorSink(source, $"tls.certificates[{i}]");
            sink.Check(TlsCertificateConfig.Schema, items[i]);
            if (sink.HasErrors)
            {
                errors.AddRange(sink.ToImmutable());
                continue;
            }

            certificates.Add(new SourcedCertificate(
                source, $"tls.certificates[{i}]", items[i].CertFile!, items[i].KeyFile!, items[i].Stores.IsDefault ? [] : items[i].Stores));
        }

        SourcedCertificate? defaultCertificate = null;
        foreach (var (name, store) in config.Stores)
        {
            var sink = new ErrorSink(source, $"tls.stores.{name}");
            sink.Check(TlsStoreConfig.Schema, store);
            if (name != "default")
            {
                sink.Add("", $"store '{name}' is not used: only the store 'default' is, as in Traefik");
            }

            if (sink.HasErrors)
            {
                errors.AddRange(sink.ToImmutable());
                continue;
            }

            if (store.DefaultCertificate is { } files)
            {
                defaultCertificate = new SourcedCertificate(
                    source, $"tls.stores.{name}.defaultCertificate", files.CertFile!, files.KeyFile!, [name]);
            }
        }

        return (new ValidatedTls(options.ToImmutable(), certificates.ToImmutable(), defaultCertificate), errors.ToImmutable());
    }

    /// <summary>Checks on options whose fields are fine one by one; <paramref name="options"/> has its defaults.</summary>
    private static void CheckTogether(TlsOptionsConfig options, ErrorSink sink)
    {
        if (options.MaxVersion is { } max && TlsNames.VersionRank(max) < TlsNames.VersionRank(options.MinVersion!))
        {
            sink.Add("maxVersion", $"'{max}' is below minVersion '{options.MinVersion}'");
        }

        if (options.ClientAuth is { } clientAuth
            && TlsNames.VerifyingClientAuthTypes.Contains(clientAuth.ClientAuthType!)
            && (clientAuth.CaFiles.IsDefaultOrEmpty))
        {
            sink.Add("clientAuth.caFiles", $"is required when clientAuthType is {clientAuth.ClientAuthType} (the CAs client certificates must chain to)");
        }
    }
}
