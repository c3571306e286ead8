namespace Proxy.Node.Tests.Integration.Middlewares;

/// <summary>
/// One of the two nodes <see cref="BothProviders"/> runs a check against: its web entry point, its API, the
/// Host its router matches, and which provider gave the middleware (for assertion messages).
/// </summary>
public sealed record ParityTarget(string Provider, HttpClient Web, HttpClient Api, string Host)
{
    /// <summary>Sends <paramref name="request"/> to the router under test (its Host set unless the request sets one).</summary>
    public Task<HttpResponseMessage> SendAsync(HttpRequestMessage request)
    {
        request.Headers.Host ??= Host;
        return Web.SendAsync(request);
    }

    public Task<HttpResponseMessage> GetAsync(string pathAndQuery) => SendAsync(new HttpRequestMessage(HttpMethod.Get, pathAndQuery));
}
