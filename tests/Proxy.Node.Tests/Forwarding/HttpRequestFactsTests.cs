using Microsoft.AspNetCore.Http;
using Proxy.Node.Forwarding;
using Xunit;

namespace Proxy.Node.Tests.Forwarding;

/// <summary>
/// Host rules see the name the client sent: HttpRequest.Host decoded punycode, so
/// Host(`xn--bcher-kva.example`) never matched, and an invalid label threw.
/// </summary>
public sealed class HttpRequestFactsTests
{
    [Theory]
    [InlineData("xn--bcher-kva.example", "xn--bcher-kva.example")]
    [InlineData("xn--zz:8000", "xn--zz")]
    [InlineData("App.Example:80", "App.Example")]
    [InlineData("[::1]:80", "[::1]")]
    public void Host_PunycodeOrPlain_AsSentWithoutPort(string header, string expected)
    {
        var context = new DefaultHttpContext();
        context.Request.Headers.Host = header;

        Assert.Equal(expected, new HttpRequestFacts(context.Request).Host);
    }
}
