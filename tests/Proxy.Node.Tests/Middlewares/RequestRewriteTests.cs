using Proxy.Actors.Routing.Middlewares;
using Proxy.Node.Forwarding;
using Xunit;
using static Proxy.Node.Tests.Middlewares.Chains;

namespace Proxy.Node.Tests.Middlewares;

public sealed class RequestRewriteTests
{
    [Fact]
    public void For_EmptyChain_SharedUnchanged()
    {
        Assert.Same(RequestRewrite.Unchanged, Rewrite("/a", MiddlewareChain.Empty));
    }

    [Fact]
    public void For_RetryOnly_SharedUnchanged()
    {
        // A retry changes nothing on the way out: the request keeps the shared transformers.
        Assert.Same(RequestRewrite.Unchanged, Rewrite("/a", Of(Retry())));
    }

    [Fact]
    public void For_HeadersOnly_OwnRewriteWithThePathAsSent()
    {
        var rewrite = Rewrite("/a", Of(Headers([("X-Tag", "1")])), "/a%41");

        Assert.NotSame(RequestRewrite.Unchanged, rewrite);
        Assert.Null(rewrite.RawPath);
        Assert.Null(rewrite.StrippedPrefix);
    }

    [Fact]
    public void For_ChainThatChangesNothing_AllocatesNothing()
    {
        // The benchmark's router has no middleware, and many have only a retry: their requests must
        // pay nothing for the chain.
        var request = Request("/a");
        var chain = Of(Retry());
        RequestRewrite.For(request, chain);

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 100; i++)
        {
            RequestRewrite.For(request, chain);
            RequestRewrite.For(request, MiddlewareChain.Empty);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void For_HeadersChain_OneSmallObjectPerRequest()
    {
        var request = Request("/a");
        var chain = Of(Headers([("X-A", "1")], name: "one@file"), Headers([("X-B", "2")], name: "two@file"));
        RequestRewrite.For(request, chain);

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 100; i++)
        {
            RequestRewrite.For(request, chain);
        }

        // The rewrite itself (header, method table, four references); no list of the headers middlewares.
        Assert.InRange((GC.GetAllocatedBytesForCurrentThread() - before) / 100, 1, 48);
    }

    [Theory]
    [InlineData(true, "/v2/x")] // strip /api, then add /v2
    [InlineData(false, "/v2/api/x")] // add /v2 first: /api is no longer a prefix
    public void For_StripAndAdd_AppliedInChainOrder(bool stripFirst, string expected)
    {
        var chain = stripFirst ? Of(Strip("/api"), Add("/v2")) : Of(Add("/v2"), Strip("/api"));

        var rewrite = Rewrite("/api/x", chain);

        Assert.Equal(expected, rewrite.RawPath);
        Assert.Equal(stripFirst ? "/api" : null, rewrite.StrippedPrefix);
    }

    [Fact]
    public void For_TwoStrips_BothApplyAndTheLastPrefixIsForwarded()
    {
        var rewrite = Rewrite("/a/b/c", Of(Strip("/a"), Strip("/b")));

        Assert.Equal("/c", rewrite.RawPath);
        Assert.Equal("/b", rewrite.StrippedPrefix);
    }
}
