using Proxy.Actors.Model;

namespace Proxy.Actors.Backends;

/// <summary>
/// Active health checks over HTTP, with the check's method, host, headers and timeout. A probe to an h2c address
/// (the server's, or the check's <c>scheme: h2c</c>) speaks HTTP/2 with prior knowledge only, as the requests
/// forwarded to it do: a server that answers only h2c is found healthy, and one that lost its HTTP/2 is not.
/// </summary>
/// <param name="clients">The client for a servers transport (null: the node's default), which the host pools.</param>
public sealed class HttpHealthProber(Func<ServersTransportSpec?, HttpMessageInvoker> clients) : IHealthProber
{
    public HttpHealthProber(HttpMessageInvoker client)
        : this(_ => client)
    {
    }

    public Task<ProbeResult> ProbeAsync(Uri server, HealthCheckSpec check, CancellationToken cancellation) =>
        ProbeAsync(server, check, null, cancellation);

    public async Task<ProbeResult> ProbeAsync(Uri server, HealthCheckSpec check, ServersTransportSpec? transport, CancellationToken cancellation)
    {
        var client = clients(transport);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        timeout.CancelAfter(check.Timeout);
        var probe = check.ProbeUri(server);
        using var request = new HttpRequestMessage(new HttpMethod(check.Options.Method!), ServerScheme.Destination(probe));
        if (ServerScheme.IsH2c(probe))
        {
            request.Version = System.Net.HttpVersion.Version20;
            request.VersionPolicy = HttpVersionPolicy.RequestVersionExact;
        }

        if (check.Options.Hostname is not null)
        {
            request.Headers.Host = check.Options.Hostname;
        }

        foreach (var (name, value) in check.Options.Headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        try
        {
            using var response = await client.SendAsync(request, timeout.Token).ConfigureAwait(false);
            var status = (int)response.StatusCode;
            return check.Accepts(status)
                ? new ProbeResult(true, $"HTTP {status}")
                : new ProbeResult(false, $"HTTP {status} from {request.RequestUri}, expected {(check.Options.Status?.ToString() ?? "2xx or 3xx")}");
        }
        catch (OperationCanceledException) when (!cancellation.IsCancellationRequested)
        {
            return new ProbeResult(false, $"no answer from {request.RequestUri} within {Duration.Format(check.Timeout)}");
        }
        catch (HttpRequestException e)
        {
            return new ProbeResult(false, $"{request.RequestUri}: {e.Message}");
        }
    }
}
