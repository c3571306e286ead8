using System.Net;
using Proxy.Node.Middlewares.Limits;
using Xunit;

namespace Proxy.Node.Tests.Middlewares.Limits;

public sealed class LimitKeyHashTests
{
    [Fact]
    public void Of_ClusterScope_SameKeyOnEveryNode()
    {
        var value = new string('h', 32 * 1024);

        Assert.Equal(LimitKeyHash.ForCluster("rl@file").Of(value), LimitKeyHash.ForCluster("rl@file").Of(value));
        Assert.Equal(LimitKeyHash.ForCluster("rl@file").Of(IPAddress.IPv6Loopback), LimitKeyHash.ForCluster("rl@file").Of(IPAddress.IPv6Loopback));
    }

    [Fact]
    public void Of_ClusterScopeOtherMiddleware_OtherKey()
    {
        Assert.NotEqual(LimitKeyHash.ForCluster("a@file").Of("client"), LimitKeyHash.ForCluster("b@file").Of("client"));
    }

    [Fact]
    public void Of_NodeScope_KeyedPerHandler()
    {
        var hash = LimitKeyHash.ForNode();

        Assert.Equal(hash.Of("client"), hash.Of("client"));
        Assert.NotEqual(hash.Of("client"), LimitKeyHash.ForNode().Of("client"));
    }

    [Fact]
    public void Of_LongValuesDifferingAtTheEnd_DifferentKeys()
    {
        var hash = LimitKeyHash.ForNode();
        var prefix = new string('x', 32 * 1024);

        Assert.NotEqual(hash.Of(prefix + "a"), hash.Of(prefix + "b"));
        Assert.NotEqual(hash.Of(IPAddress.Parse("2001:db8::1")), hash.Of(IPAddress.Parse("2001:db8::2")));
    }
}
