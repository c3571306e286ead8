using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Proxy.Node.Hosting;

namespace Proxy.Node.Cli;

/// <summary>
/// <c>proxy-node healthcheck</c>, Traefik's <c>traefik healthcheck</c>: GET <c>/ping</c> on the node's API
/// and exit 0 on 200, 1 otherwise with one line on stderr saying why. It reads the node's static options
/// (flags, <c>PROXY_*</c> variables, the configuration file) to find the API as the node does, so a
/// container's HEALTHCHECK needs no flag when the address is given by <c>PROXY_API_ADDRESS</c> or the
/// file. Of those it reads only the API's address and certificate (<see cref="HealthcheckOptions"/>).
/// Docker reserves exit code 2 for health checks, so every failure, a usage error too, is 1.
/// </summary>
public static class HealthcheckCommand
{
    public const string Name = "healthcheck";

    /// <summary>Below Docker's HEALTHCHECK timeout in the Dockerfile (5 s), so that this command's reason is what Docker records.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(3);

    public const string Usage = """
        usage: proxy-node healthcheck [--api=<host:port>|--api=https://<host:port>] [node options]
        Exits 0 when GET /ping on the node's API answers 200, else 1 with the reason on stderr.
        Without --api the API address is the node's: --api.address, PROXY_API_ADDRESS or the
        configuration file (a wildcard address is probed on loopback). When the node serves its API
        over HTTPS (--api.tls.certfile), the probe accepts exactly that certificate.
        """;

    private const string ApiFlag = "--api=";

    public static bool Handles(IReadOnlyList<string> args) => args.Count > 0 && args[0] == Name;

    public static async Task<int> RunAsync(
        IReadOnlyList<string> args, IReadOnlyDictionary<string, string> environment, TextWriter output, TextWriter error)
    {
        var rest = args.Skip(1).ToList();
        if (rest.Any(arg => StaticConfigLoader.HelpFlags.Contains(arg)))
        {
            await output.WriteAsync(Usage).ConfigureAwait(false);
            return 0;
        }

        var api = rest.LastOrDefault(arg => arg.StartsWith(ApiFlag, StringComparison.Ordinal))?[ApiFlag.Length..];
        var (options, errors) = HealthcheckOptions.Read(rest.Where(arg => !arg.StartsWith(ApiFlag, StringComparison.Ordinal)).ToList(), environment);
        if (options is null)
        {
            var more = errors.Length > 1 ? $" (and {errors.Length - 1} more: proxy-node --help)" : "";
            return await FailAsync(error, $"cannot tell where the node's API is: {Observability.LogText.Escape(errors[0].Message)}{more}").ConfigureAwait(false);
        }

        var target = api is null ? HealthcheckTarget.FromOptions(options) : HealthcheckTarget.FromFlag(api, options);
        if (target is null)
        {
            return await FailAsync(error, $"--api={api}: expected host:port, http://host:port or https://host:port").ConfigureAwait(false);
        }

        return await ProbeAsync(target, output, error).ConfigureAwait(false);
    }

    private static async Task<int> ProbeAsync(HealthcheckTarget target, TextWriter output, TextWriter error)
    {
        X509Certificate2? pinned = null;
        try
        {
            if (target.PinnedCertFile is { } file)
            {
                pinned = X509Certificate2.CreateFromPem(await File.ReadAllTextAsync(file).ConfigureAwait(false));
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or CryptographicException or ArgumentException)
        {
            return await FailAsync(error, $"cannot read the API's certificate {target.PinnedCertFile} to check the node's answer against: {e.Message}").ConfigureAwait(false);
        }

        using (pinned)
        {
            // No proxy and no redirect: the probe judges what answers on the API address itself.
            using var handler = new SocketsHttpHandler { UseProxy = false, AllowAutoRedirect = false, ConnectTimeout = Timeout };
            if (pinned is not null)
            {
                // The probe dials loopback or an address the certificate need not name; it checks that the
                // listener is this node's API by its very certificate instead of by a name and a CA.
                handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, _) =>
                    certificate is not null && certificate.GetRawCertData().AsSpan().SequenceEqual(pinned.RawData);
            }

            using var client = new HttpClient(handler) { Timeout = Timeout };
            try
            {
                using var response = await client.GetAsync(target.Ping).ConfigureAwait(false);
                if (response.StatusCode != System.Net.HttpStatusCode.OK)
                {
                    return await FailAsync(error, $"{target.Ping} answered {(int)response.StatusCode} {response.ReasonPhrase}").ConfigureAwait(false);
                }

                await output.WriteLineAsync($"proxy-node {Name}: {target.Ping} answered 200").ConfigureAwait(false);
                return 0;
            }
            catch (HttpRequestException e) when (e.InnerException is AuthenticationException)
            {
                return await FailAsync(error, $"{target.Ping}: the API's TLS certificate is not the one {target.PinnedCertFile ?? "this machine trusts"} names: {e.InnerException.Message}").ConfigureAwait(false);
            }
            catch (HttpRequestException e)
            {
                return await FailAsync(error, $"cannot reach {target.Ping}: {e.Message}{(e.InnerException is null ? "" : $" ({e.InnerException.Message})")}").ConfigureAwait(false);
            }
            catch (TaskCanceledException)
            {
                return await FailAsync(error, $"{target.Ping} did not answer within {Timeout.TotalSeconds:0} s").ConfigureAwait(false);
            }
        }
    }

    private static async Task<int> FailAsync(TextWriter error, string reason)
    {
        await error.WriteLineAsync($"proxy-node {Name}: {reason}").ConfigureAwait(false);
        return 1;
    }
}
