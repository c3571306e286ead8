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
    public void Of_Addresses_KeyedPerHandlerSameForClusterScope()
    {
        var hash = LimitKeyHash.ForNode();

        Assert.Equal(hash.Of(IPAddress.Parse("2001:db8::1")), hash.Of(IPAddress.Parse("2001:db8::1")));
        Assert.NotEqual(hash.Of(IPAddress.Parse("2001:db8::1")), hash.Of(IPAddress.Parse("2001:db8::2")));
        Assert.NotEqual(hash.Of(IPAddress.Parse("2001:db8::1")), LimitKeyHash.ForNode().Of(IPAddress.Parse("2001:db8::1")));
        Assert.Equal(LimitKeyHash.ForCluster("rl@file").Of(IPAddress.IPv6Loopback), LimitKeyHash.ForCluster("rl@file").Of(IPAddress.IPv6Loopback));
    }

    /// <summary>
    /// Addresses of one /64 whose interface IDs fold to one .NET hash code (the two 32-bit halves XOR alike) must not
    /// become keys of one hash code, or every lookup in a limiter's map walks all of them.
    /// </summary>
    [Fact]
    public void Of_AddressesThatFoldAlike_KeysOfDifferentHashCodes()
    {
        var hash = LimitKeyHash.ForNode();
        var codes = Enumerable.Range(1, 1000)
            .Select(i => IPAddress.Parse($"2001:db8:0:0:0:{i:x}:0:{i:x}"))
            .Select(address => hash.Of(address).GetHashCode())
            .Distinct()
            .Count();

        Assert.True(codes > 990, $"{codes} distinct hash codes for 1000 addresses");
    }
}
