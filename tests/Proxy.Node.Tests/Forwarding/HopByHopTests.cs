using System.Text;
using Microsoft.AspNetCore.Http;
using Proxy.Node.Forwarding;
using Xunit;

namespace Proxy.Node.Tests.Forwarding;

/// <summary>
/// Connection may name any header, request or content, with or without a body: removing it must not
/// throw (HttpHeaders.Remove does for a name of the other collection), which answered a plain
/// <c>curl --tr-encoding -d x</c> (Connection: TE on a POST) with 400.
/// </summary>
public sealed class HopByHopTests
{
    [Theory]
    [InlineData("TE", true)]
    [InlineData("Authorization", true)]
    [InlineData("User-Agent", true)]
    [InlineData("Content-Type", false)]
    [InlineData("Content-Language", false)]
    [InlineData("Expires", true)]
    public void RemoveNominated_NameOfEitherCollection_RemovedWithoutThrowing(string name, bool withBody)
    {
        var request = Request(withBody, ("Connection", name));
        var proxyRequest = ProxyRequest(withBody);
        proxyRequest.Headers.TryAddWithoutValidation(name, "hop");
        proxyRequest.Content?.Headers.TryAddWithoutValidation(name, "hop");

        HopByHop.RemoveNominated(request, proxyRequest);

        Assert.False(proxyRequest.Headers.NonValidated.Contains(name), $"{name} kept in the request headers");
        Assert.False(proxyRequest.Content?.Headers.NonValidated.Contains(name) ?? false, $"{name} kept in the content headers");
    }

    [Fact]
    public void RemoveNominated_HostAndContentLength_Kept()
    {
        // The node sets the framing and the Host it forwards itself; a client cannot take them away
        // (Go's ReverseProxy, which Traefik uses, keeps them in fields that Connection does not reach).
        var request = Request(true, ("Connection", "Host, Content-Length"));
        var proxyRequest = ProxyRequest(true);
        proxyRequest.Headers.Host = "backend";
        proxyRequest.Content!.Headers.ContentLength = 2;

        HopByHop.RemoveNominated(request, proxyRequest);

        Assert.Equal("backend", proxyRequest.Headers.Host);
        Assert.Equal(2, proxyRequest.Content.Headers.ContentLength);
    }

    [Theory]
    [InlineData("X-Internal")]
    [InlineData("keep-alive, X-Internal")]
    [InlineData("close ,\tx-internal")]
    public void RemoveNominated_ServerNamesHeaderInConnection_NotPassedToClient(string connection)
    {
        using var proxyResponse = new HttpResponseMessage();
        proxyResponse.Headers.TryAddWithoutValidation("Connection", connection);
        var response = new DefaultHttpContext().Response;
        response.Headers["X-Internal"] = "secret";
        response.Headers["X-Kept"] = "end";
        response.Headers.ContentLength = 2;

        HopByHop.RemoveNominated(proxyResponse, response);

        Assert.False(response.Headers.ContainsKey("X-Internal"));
        Assert.Equal("end", response.Headers["X-Kept"]);
        Assert.Equal(2, response.ContentLength);
    }

    private static HttpRequest Request(bool withBody, params (string Name, string Value)[] headers)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = withBody ? "POST" : "GET";
        foreach (var (name, value) in headers)
        {
            context.Request.Headers.Append(name, value);
        }

        return context.Request;
    }

    private static HttpRequestMessage ProxyRequest(bool withBody) =>
        new(withBody ? HttpMethod.Post : HttpMethod.Get, "http://backend/")
        {
            Content = withBody ? new ByteArrayContent(Encoding.ASCII.GetBytes("hi")) : null,
        };
}
