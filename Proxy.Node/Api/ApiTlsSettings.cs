using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Proxy.Actors.Model;
using Proxy.Actors.Tls;
using Proxy.Node.Hosting;

namespace Proxy.Node.Api;

/// <summary>The API's HTTPS certificate files (<c>--api.tls.certfile</c>, <c>--api.tls.keyfile</c>): both or neither, and loadable.</summary>
public sealed record ApiTlsSettings(string CertFile, string KeyFile)
{
    public X509Certificate2 Load() => X509Certificate2.CreateFromPem(CertificateFileReader.Read(CertFile), CertificateFileReader.Read(KeyFile));

    internal static IEnumerable<ConfigError> Validate(IReadOnlyDictionary<string, ConfigValue> merged)
    {
        var certificate = merged.GetValueOrDefault(StaticOptions.ApiTlsCertFile);
        var key = merged.GetValueOrDefault(StaticOptions.ApiTlsKeyFile);
        if (certificate is null && key is null)
        {
            yield break;
        }

        if (certificate is null || key is null)
        {
            var given = certificate ?? key!;
            yield return new ConfigError(given.Origin.Description, certificate is null ? StaticOptions.ApiTlsKeyFile : StaticOptions.ApiTlsCertFile,
                $"HTTPS on the API needs both --api.tls.certfile and --api.tls.keyfile; only {given.Origin.Named} is given");
            yield break;
        }

        string? error = null;
        try
        {
            using var loaded = new ApiTlsSettings(certificate.Value, key.Value).Load();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or CryptographicException or ArgumentException)
        {
            error = $"cannot read the API's certificate {certificate.Value} with its key {key.Value}: {e.Message}";
        }

        if (error is not null)
        {
            yield return new ConfigError(certificate.Origin.Description, StaticOptions.ApiTlsCertFile, error);
        }
    }
}
