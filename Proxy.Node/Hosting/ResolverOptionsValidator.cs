using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Proxy.Actors.Model;
using Proxy.Actors.Tls;

namespace Proxy.Node.Hosting;

/// <summary>
/// Checks each <c>certificatesresolvers.&lt;name&gt;.acme</c> block as a whole: a resolver that could never
/// obtain a certificate (no challenge, a challenge on an entry point that does not listen, a CA URL that
/// is no URL, CA files that hold no certificate) stops the node at start rather than failing every order.
/// </summary>
public static class ResolverOptionsValidator
{
    public const string Prefix = "certificatesresolvers.";

    /// <summary>The names of the resolvers the merged options declare (any of their options names one).</summary>
    public static IEnumerable<string> Names(IReadOnlyDictionary<string, ConfigValue> merged) =>
        merged.Keys
            .Where(key => key.StartsWith(Prefix, StringComparison.Ordinal))
            .Select(key => StaticOptions.Find(key, out var name) is not null ? name : null)
            .OfType<string>()
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal);

    public static string Key(string option, string resolver) =>
        option.Replace(StaticOption.NamePlaceholder, resolver, StringComparison.Ordinal);

    public static IEnumerable<ConfigError> Validate(IReadOnlyDictionary<string, ConfigValue> merged)
    {
        foreach (var name in Names(merged))
        {
            if (!StaticOptions.ValidName().IsMatch(name))
            {
                continue;
            }

            foreach (var error in Challenge(merged, name))
            {
                yield return error;
            }

            if (merged.GetValueOrDefault(Key(StaticOptions.ResolverCaServer, name)) is { } caServer && !IsDirectoryUrl(caServer.Value))
            {
                yield return new ConfigError(caServer.Origin.Description, Key(StaticOptions.ResolverCaServer, name),
                    $"invalid value \"{caServer.Value}\" for {caServer.Origin.Named}: certificate resolver {name} needs the CA's "
                    + "ACME directory as an absolute http:// or https:// URL, such as https://acme-v02.api.letsencrypt.org/directory");
            }

            if (merged.GetValueOrDefault(Key(StaticOptions.ResolverCertificatesDuration, name)) is { } duration
                && OptionValue.TryParseInt(duration.Value, out var hours) && hours <= 0)
            {
                yield return new ConfigError(duration.Origin.Description, Key(StaticOptions.ResolverCertificatesDuration, name),
                    $"invalid value \"{duration.Value}\" for {duration.Origin.Named}: certificate resolver {name} needs a lifetime of at least 1 hour");
            }

            if (merged.GetValueOrDefault(Key(StaticOptions.ResolverCaCertificates, name)) is { } files)
            {
                foreach (var file in OptionList.Split(files.Value).Where(file => file.Length > 0))
                {
                    if (CaFileError(file) is { } problem)
                    {
                        yield return new ConfigError(files.Origin.Description, Key(StaticOptions.ResolverCaCertificates, name),
                            $"{files.Origin.Named}: certificate resolver {name} cannot use {file}: {problem}");
                    }
                }
            }
        }
    }

    /// <summary>The certificates of PEM files, as <see cref="Proxy.Actors.Certificates.Acme.AcmeCaTrust"/> takes them.</summary>
    public static X509Certificate2Collection LoadCaCertificates(IEnumerable<string> files)
    {
        var roots = new X509Certificate2Collection();
        foreach (var file in files)
        {
            roots.ImportFromPem(CertificateFileReader.Read(file));
        }

        return roots;
    }

    private static IEnumerable<ConfigError> Challenge(IReadOnlyDictionary<string, ConfigValue> merged, string name)
    {
        var http = merged.GetValueOrDefault(Key(StaticOptions.ResolverHttpChallengeEntryPoint, name));
        var tls = merged.GetValueOrDefault(Key(StaticOptions.ResolverTlsChallenge, name));
        var tlsOn = tls is not null && OptionValue.TryParseBool(tls.Value, out var on) && on;
        if (http is null && !tlsOn)
        {
            var origin = merged.First(pair => pair.Key.StartsWith(Prefix + name + ".", StringComparison.Ordinal)).Value.Origin;
            yield return new ConfigError(origin.Description, Prefix + name,
                $"certificate resolver {name} has no challenge to prove the domains with: give "
                + $"{origin.Spell(Key(StaticOptions.ResolverHttpChallengeEntryPoint, name))}=<entrypoint> (HTTP-01) or "
                + $"{origin.Spell(Key(StaticOptions.ResolverTlsChallenge, name))}=true (TLS-ALPN-01)");
            yield break;
        }

        if (http is null)
        {
            yield break;
        }

        var entryPoint = http.Value.Trim().ToLowerInvariant();
        if (!merged.ContainsKey(Key(StaticOptions.EntryPointAddress, entryPoint)))
        {
            var known = merged.Keys
                .Select(k => StaticOptions.Find(k, out var n)?.Key == StaticOptions.EntryPointAddress ? n : null)
                .OfType<string>()
                .Order(StringComparer.Ordinal);
            yield return new ConfigError(http.Origin.Description, Key(StaticOptions.ResolverHttpChallengeEntryPoint, name),
                $"{http.Origin.Named} names entrypoint {http.Value}, which does not exist: certificate resolver {name} "
                + $"answers HTTP-01 on one of {string.Join(", ", known)}");
        }
    }

    private static bool IsDirectoryUrl(string text) =>
        Uri.TryCreate(text, UriKind.Absolute, out var url)
        && (url.Scheme == Uri.UriSchemeHttps || url.Scheme == Uri.UriSchemeHttp)
        && url.Host.Length > 0;

    private static string? CaFileError(string file)
    {
        try
        {
            var roots = LoadCaCertificates([file]);
            var count = roots.Count;
            foreach (var root in roots)
            {
                root.Dispose();
            }

            return count == 0 ? "the file holds no PEM certificate (-----BEGIN CERTIFICATE-----)" : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or CryptographicException)
        {
            return e.Message;
        }
    }
}
