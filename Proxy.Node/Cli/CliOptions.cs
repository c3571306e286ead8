using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace Proxy.Node.Cli;

/// <summary>
/// What every CLI command that reads a running node takes: where its API is (<c>--api</c>), the
/// bearer token (<c>--token</c>), raw JSON instead of a table (<c>--json</c>), and its words. An
/// <c>https://</c> API is checked against the CA of <c>--cacert</c> when given, else the machine's.
/// </summary>
internal sealed record CliOptions(string Api, string? Token, bool Json, IReadOnlyList<string> Positional, string? Error)
{
    public const string DefaultApi = "127.0.0.1:8080";

    /// <summary>PEM file of the CA that signed the API's HTTPS certificate (<c>--cacert</c>).</summary>
    public string? CaCert { get; init; }

    /// <summary>The API's base address: <c>host:port</c> without a scheme means plain HTTP.</summary>
    public Uri BaseAddress => new(Api.Contains("://", StringComparison.Ordinal) ? Api : $"http://{Api}");

    public static CliOptions Parse(IReadOnlyList<string> args)
    {
        var api = DefaultApi;
        var json = false;
        string? token = null;
        string? caCert = null;
        var positional = new List<string>();
        foreach (var arg in args)
        {
            if (arg.StartsWith("--api=", StringComparison.Ordinal))
            {
                api = arg["--api=".Length..];
            }
            else if (arg.StartsWith("--token=", StringComparison.Ordinal))
            {
                token = arg["--token=".Length..];
            }
            else if (arg.StartsWith("--cacert=", StringComparison.Ordinal))
            {
                caCert = arg["--cacert=".Length..];
            }
            else if (arg == "--json")
            {
                json = true;
            }
            else if (arg.StartsWith("--", StringComparison.Ordinal))
            {
                return new CliOptions(api, token, json, positional, $"unknown option {arg}");
            }
            else
            {
                positional.Add(arg);
            }
        }

        var parsed = new CliOptions(api, token, json, positional, null) { CaCert = caCert };
        if (!Uri.TryCreate(api.Contains("://", StringComparison.Ordinal) ? api : $"http://{api}", UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            return parsed with { Error = $"--api={api}: expected host:port, http://host:port or https://host:port" };
        }

        return caCert switch
        {
            null => parsed,
            _ when uri.Scheme != "https" => parsed with { Error = $"--cacert is for an https:// API; --api={api} is plain HTTP" },
            _ when !File.Exists(caCert) => parsed with { Error = $"--cacert={caCert}: no such file" },
            _ => parsed,
        };
    }

    /// <summary>A client for the node's API, without the machine's HTTP proxy (the node is local or on the cluster's network).</summary>
    public HttpClient CreateClient()
    {
        var handler = new SocketsHttpHandler { UseProxy = false };
        if (CaCert is not null)
        {
            var trusted = new X509Certificate2Collection();
            trusted.ImportFromPemFile(CaCert);
            handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, errors) => TrustedByCaCert(certificate, errors, trusted);
        }

        var client = new HttpClient(handler) { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(10) };
        if (Token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", Token);
        }

        return client;
    }

    /// <summary>The API's certificate must chain to the <c>--cacert</c> CA and name the host dialled; the machine's store plays no part.</summary>
    private static bool TrustedByCaCert(X509Certificate? certificate, SslPolicyErrors errors, X509Certificate2Collection trusted)
    {
        if (certificate is null || (errors & ~SslPolicyErrors.RemoteCertificateChainErrors) != SslPolicyErrors.None)
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(trusted);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.DisableCertificateDownloads = true;
        using var leaf = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        return chain.Build(leaf);
    }
}
