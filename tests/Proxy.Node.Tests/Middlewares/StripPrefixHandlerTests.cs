using Proxy.Node.Forwarding;
using Xunit;
using static Proxy.Node.Tests.Middlewares.Chains;

namespace Proxy.Node.Tests.Middlewares;

public sealed class StripPrefixHandlerTests
{
    [Theory]
    [InlineData("/api/users", "/api/users", "/users", "/api")]
    [InlineData("/api", "/api", "/", "/api")]
    [InlineData("/api/", "/api/", "/", "/api")]
    [InlineData("/api/a/b%2Fc", "/api/a/b%2Fc", "/a/b%2Fc", "/api")] // the raw rest keeps what the client encoded
    [InlineData("/api/caf\u00e9", "/api/caf%C3%A9", "/caf%C3%A9", "/api")]
    [InlineData("/api/v1/x", "/api/v1/x", "/x", "/api/v1")] // longest prefix first, as validated
    public void RewritePath_PathUnderPrefix_RestSentAndPrefixForwarded(string path, string raw, string expectedRaw, string expectedPrefix)
    {
        var rewrite = Rewrite(path, Of(Strip("/api/v1", "/api")), raw);

        Assert.Equal(expectedRaw, rewrite.RawPath);
        Assert.Equal(expectedPrefix, rewrite.StrippedPrefix);
    }

    [Theory]
    [InlineData("/apix")]
    [InlineData("/other/api")]
    [InlineData("/API/x")] // ordinal, as Traefik
    public void RewritePath_PathNotUnderPrefix_RequestUnchanged(string path)
    {
        var rewrite = Rewrite(path, Of(Strip("/api")));

        Assert.Same(RequestRewrite.Unchanged, rewrite);
    }
}
