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
    }

    [Fact]
    public void Of_Addresses_TheirOwnBitsIpv4AsMapped()
    {
        Assert.Equal(UInt128.Parse("20010db8000000000000000000000001", System.Globalization.NumberStyles.HexNumber), LimitKeyHash.Of(IPAddress.Parse("2001:db8::1")));
        Assert.Equal(LimitKeyHash.Of(IPAddress.Parse("::ffff:192.0.2.7")), LimitKeyHash.Of(IPAddress.Parse("192.0.2.7")));
        Assert.NotEqual(LimitKeyHash.Of(IPAddress.Parse("192.0.2.7")), LimitKeyHash.Of(IPAddress.Parse("192.0.2.8")));
        Assert.NotEqual(LimitSource.Overflow, LimitKeyHash.Of(IPAddress.Parse("0.0.0.0")));
    }
}
