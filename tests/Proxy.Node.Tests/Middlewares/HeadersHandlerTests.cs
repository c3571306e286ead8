using Microsoft.AspNetCore.Http;
using Xunit;
using static Proxy.Node.Tests.Middlewares.Chains;

namespace Proxy.Node.Tests.Middlewares;

public sealed class HeadersHandlerTests
{
    [Fact]
    public void TransformRequest_CustomHeaders_SetReplacedOrRemovedInEitherCollection()
    {
        var rewrite = Rewrite("/", Of(Headers([("X-Set", "new"), ("X-Gone", ""), ("Content-Type", "text/x-tag"), ("Authorization", "")])));
        using var request = new HttpRequestMessage(HttpMethod.Post, "http://127.0.0.1/") { Content = new StringContent("body") };
        request.Headers.TryAddWithoutValidation("X-Set", "old");
        request.Headers.TryAddWithoutValidation("X-Gone", "client's");
        request.Headers.TryAddWithoutValidation("Authorization", "Basic eA==");

        rewrite.TransformRequest(request);

        Assert.Equal(["new"], request.Headers.GetValues("X-Set"));
        Assert.False(request.Headers.Contains("X-Gone"));
        Assert.False(request.Headers.Contains("Authorization"));
        Assert.Equal("text/x-tag", request.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public void TransformResponse_CustomHeaders_SetOrRemovedByEmptyValue()
    {
        var rewrite = Rewrite("/", Of(Headers([], response: [("X-Served-By", "proxy"), ("Server", "")])));
        var response = new DefaultHttpContext().Response;
        response.Headers.Server = "nginx";
        response.Headers["X-Served-By"] = "backend";

        rewrite.TransformResponse(response);

        Assert.Equal("proxy", response.Headers["X-Served-By"]);
        Assert.False(response.Headers.ContainsKey("Server"));
    }

    [Fact]
    public void TransformRequest_TwoHeadersMiddlewares_AppliedInChainOrderLastWins()
    {
        var rewrite = Rewrite("/", Of(Headers([("X-Tag", "first")], name: "one@file"), Headers([("X-Tag", "second")], name: "two@file")));
        using var request = new HttpRequestMessage(HttpMethod.Get, "http://127.0.0.1/");

        rewrite.TransformRequest(request);

        Assert.Equal(["second"], request.Headers.GetValues("X-Tag"));
    }
}
