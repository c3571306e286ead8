using System.Net;
using System.Text;

namespace Proxy.Node.Tests.Integration;

/// <summary>
/// A header value in UTF-8, which Kestrel accepts from the client, goes on to the backend as the
/// client sent it (an ASCII-only backend client would fail the request with 502 and tell the
/// server's actor it had failed).
/// </summary>
[Collection(IntegrationCollection.Name)]
public sealed class NonAsciiHeaderTests
{
    [Fact]
    public async Task Forward_Utf8HeaderValue_ReachesBackendUnchanged()
    {
        await using var backend = await TestBackend.StartAsync("b", 8);
        await using var node = await TestNode.StartAsync(Yaml.SingleRoute(Yaml.Servers(backend.Url)), "app");
        using var client = new HttpClient(new SocketsHttpHandler { UseProxy = false, RequestHeaderEncodingSelector = (_, _) => Encoding.UTF8 })
        {
            BaseAddress = node.Client.BaseAddress,
        };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/");
        request.Headers.TryAddWithoutValidation("X-Name", "Jos\u00e9 \u2603 \ufffd");

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Jos\u00e9 \u2603 \ufffd", Assert.Single(backend.Received).Headers["X-Name"]);
    }
}
