using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Proxy.Actors.Certificates;

namespace Proxy.Node.Acme;

/// <summary>
/// Traefik's acme.json: one object per resolver, <c>{"Account": {"Email", "Registration": {"body",
/// "uri"}, "PrivateKey", "KeyType"}, "Certificates": [{"domain": {"main", "sans"}, "certificate",
/// "key", "Store"}]}</c>, byte arrays in base64 as Go writes them. The account key is PKCS#1 DER for
/// RSA (what Traefik reads); an EC key, which Traefik never makes, is PKCS#8 DER. Our own fields,
/// <c>CaServer</c> of the account and <c>orderedBy</c>/<c>obtainedAt</c> of a certificate, are
/// ones Go's decoder skips, so Traefik reads a file we wrote.
/// </summary>
internal static class AcmeJsonFormat
{
    /// <summary>Read-only: options shared by every write must not be changed by one of them.</summary>
    public static readonly JsonSerializerOptions Indented = ReadOnly(new JsonSerializerOptions { WriteIndented = true });

    /// <summary>Reads the sections of <paramref name="resolvers"/>; throws <see cref="FormatException"/> naming what is wrong.</summary>
    public static AcmeStorageContent Read(JsonObject root, IReadOnlyList<AcmeResolverStorage> resolvers)
    {
        var accounts = ImmutableArray.CreateBuilder<AcmeStoredAccount>();
        var certificates = ImmutableArray.CreateBuilder<AcmeStoredCertificate>();
        foreach (var resolver in resolvers)
        {
            if (root[resolver.Resolver] is not { } node)
            {
                continue;
            }

            var section = node as JsonObject ?? throw new FormatException($"resolver '{resolver.Resolver}' is not an object");
            if (section["Account"] is JsonObject account)
            {
                accounts.Add(ReadAccount(resolver, account));
            }

            if (section["Certificates"] is JsonArray list)
            {
                var index = 0;
                foreach (var item in list)
                {
                    var where = $"resolver '{resolver.Resolver}', certificate {index++}";
                    var certificate = ReadCertificate(resolver.Resolver, item as JsonObject ?? throw new FormatException($"{where} is not an object"), where);
                    if (certificate is not null)
                    {
                        certificates.Add(certificate);
                    }
                }
            }
        }

        return new AcmeStorageContent(accounts.ToImmutable(), certificates.ToImmutable());
    }

    /// <summary>Sets the sections of <paramref name="resolvers"/> in <paramref name="root"/> from <paramref name="content"/>; other resolvers' sections stay.</summary>
    public static void Write(JsonObject root, IReadOnlyList<AcmeResolverStorage> resolvers, AcmeStorageContent content)
    {
        foreach (var resolver in resolvers)
        {
            var section = new JsonObject();
            if (content.Accounts.FirstOrDefault(a => a.Resolver == resolver.Resolver) is { } account)
            {
                section["Account"] = WriteAccount(account);
            }

            section["Certificates"] = new JsonArray([.. content.Certificates.Where(c => c.Resolver == resolver.Resolver).Select(WriteCertificate)]);
            root[resolver.Resolver] = section;
        }
    }

    private static AcmeStoredAccount ReadAccount(AcmeResolverStorage resolver, JsonObject account)
    {
        var where = $"resolver '{resolver.Resolver}', Account";
        var keyBase64 = account["PrivateKey"]?.GetValue<string>() ?? throw new FormatException($"{where} has no PrivateKey");
        var der = Base64(keyBase64, $"{where}.PrivateKey");
        var uri = (account["Registration"] as JsonObject)?["uri"]?.GetValue<string>();
        var caServer = account["CaServer"]?.GetValue<string>();
        return new AcmeStoredAccount(
            resolver.Resolver,
            caServer is not null && Uri.TryCreate(caServer, UriKind.Absolute, out var ca) ? ca : resolver.CaServer,
            account["Email"]?.GetValue<string>() ?? "",
            KeyPem(der, $"{where}.PrivateKey"),
            uri is not null && Uri.TryCreate(uri, UriKind.Absolute, out var url) ? url : null);
    }

    private static JsonObject WriteAccount(AcmeStoredAccount account)
    {
        var (der, keyType) = KeyDer(account.KeyPem);
        var registration = new JsonObject
        {
            ["body"] = new JsonObject
            {
                ["status"] = "valid",
                ["contact"] = account.Email.Length == 0 ? new JsonArray() : new JsonArray($"mailto:{account.Email}"),
            },
        };
        if (account.AccountUrl is not null)
        {
            registration["uri"] = account.AccountUrl.OriginalString;
        }

        return new JsonObject
        {
            ["Email"] = account.Email,
            ["Registration"] = account.AccountUrl is null ? null : registration,
            ["PrivateKey"] = Convert.ToBase64String(der),
            ["KeyType"] = keyType,
            ["CaServer"] = account.CaServer.OriginalString,
        };
    }

    /// <summary>A certificate; null for an entry Traefik itself drops on reading (no certificate or no key).</summary>
    private static AcmeStoredCertificate? ReadCertificate(string resolver, JsonObject item, string where)
    {
        var chainBase64 = item["certificate"]?.GetValue<string>();
        var keyBase64 = item["key"]?.GetValue<string>();
        if (string.IsNullOrEmpty(chainBase64) || string.IsNullOrEmpty(keyBase64))
        {
            return null;
        }

        var domain = item["domain"] as JsonObject ?? throw new FormatException($"{where} has no domain");
        var main = domain["main"]?.GetValue<string>();
        var sans = (domain["sans"] as JsonArray)?.Select(s => s?.GetValue<string>()).OfType<string>() ?? [];
        ImmutableArray<string> domains = [.. new[] { main }.OfType<string>().Concat(sans).Where(d => d.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase)];
        if (domains.IsEmpty)
        {
            throw new FormatException($"{where} names no domain");
        }

        var chainPem = Encoding.UTF8.GetString(Base64(chainBase64, $"{where}.certificate"));
        var keyPem = Encoding.UTF8.GetString(Base64(keyBase64, $"{where}.key"));
        X509Certificate2 leaf;
        try
        {
            leaf = X509Certificate2.CreateFromPem(chainPem);
        }
        catch (CryptographicException e)
        {
            throw new FormatException($"{where}.certificate is not a PEM certificate: {e.Message}", e);
        }

        using (leaf)
        {
            var obtained = item["obtainedAt"]?.GetValue<string>() is { } at && DateTimeOffset.TryParse(at, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var parsed)
                ? parsed
                : new DateTimeOffset(leaf.NotBefore.ToUniversalTime(), TimeSpan.Zero);
            return new AcmeStoredCertificate(
                resolver, domains, chainPem, keyPem, new DateTimeOffset(leaf.NotAfter.ToUniversalTime(), TimeSpan.Zero),
                item["orderedBy"]?.GetValue<string>() ?? "",
                obtained);
        }
    }

    private static JsonObject WriteCertificate(AcmeStoredCertificate certificate)
    {
        var item = new JsonObject
        {
            ["domain"] = new JsonObject
            {
                ["main"] = certificate.Domains[0],
                ["sans"] = certificate.Domains.Length > 1 ? new JsonArray([.. certificate.Domains.Skip(1).Select(d => (JsonNode)d)]) : null,
            },
            ["certificate"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(certificate.ChainPem)),
            ["key"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(certificate.KeyPem)),
            ["Store"] = "default",
            ["orderedBy"] = certificate.OrderedBy,
            ["obtainedAt"] = certificate.ObtainedAt.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
        };
        if (item["domain"]!["sans"] is null)
        {
            ((JsonObject)item["domain"]!).Remove("sans");
        }

        return item;
    }

    private static byte[] Base64(string value, string where)
    {
        try
        {
            return Convert.FromBase64String(value);
        }
        catch (FormatException e)
        {
            throw new FormatException($"{where} is not base64: {e.Message}", e);
        }
    }

    /// <summary>The account key as PKCS#8 PEM, from Traefik's PKCS#1 RSA DER or our PKCS#8 DER.</summary>
    private static string KeyPem(byte[] der, string where)
    {
        try
        {
            using var rsa = RSA.Create();
            rsa.ImportRSAPrivateKey(der, out var read);
            if (read == der.Length)
            {
                return rsa.ExportPkcs8PrivateKeyPem();
            }
        }
        catch (CryptographicException)
        {
            // Not PKCS#1: an EC key of ours, in PKCS#8.
        }

        try
        {
            using var ec = ECDsa.Create();
            ec.ImportPkcs8PrivateKey(der, out _);
            return ec.ExportPkcs8PrivateKeyPem();
        }
        catch (CryptographicException e)
        {
            throw new FormatException($"{where} is neither a PKCS#1 RSA key nor a PKCS#8 EC key: {e.Message}", e);
        }
    }

    /// <summary>The DER Traefik reads (PKCS#1 for RSA) and lego's key type name for the account key.</summary>
    private static (byte[] Der, string KeyType) KeyDer(string pem)
    {
        try
        {
            using var rsa = RSA.Create();
            rsa.ImportFromPem(pem);
            return (rsa.ExportRSAPrivateKey(), rsa.KeySize.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException)
        {
            using var ec = ECDsa.Create();
            ec.ImportFromPem(pem);
            return (ec.ExportPkcs8PrivateKey(), $"P{ec.KeySize}");
        }
    }

    private static JsonSerializerOptions ReadOnly(JsonSerializerOptions options)
    {
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
