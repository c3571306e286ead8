using System.Net;
using Proxy.Actors.Model;
using Proxy.Node.Forwarding;
using Xunit;

namespace Proxy.Node.Tests.Forwarding;

/// <summary>Which peers an entry point trusts to send forwarded headers.</summary>
public sealed class ForwardedHeadersPolicyTests
{
    /// <summary>A policy that trusts these ranges (CIDR), for the tests of what reads it too.</summary>
    internal static ForwardedHeadersPolicy Trusting(params string[] ranges) =>
        new(false, [.. ranges.Select(range => NetworkRange.TryParse(range, out var network) ? network : throw new ArgumentException(range))]);

    [Theory]
    [InlineData("10.0.0.2", true)]
    [InlineData("192.0.2.9", false)]
    [InlineData("fd00::2", true)]
    [InlineData("2001:db8::2", false)]
    public void Trusts_PeerInOrOutOfTheRanges_TrustedOnlyInside(string peer, bool expected)
    {
        Assert.Equal(expected, Trusting("10.0.0.0/8", "fd00::/8").Trusts(IPAddress.Parse(peer)));
    }

    [Fact]
    public void Trusts_NoPeer_NotTrustedUnlessInsecure()
    {
        Assert.False(Trusting("0.0.0.0/0").Trusts(null));
        Assert.True(new ForwardedHeadersPolicy(true, []).Trusts(null));
    }

    [Fact]
    public void Trusts_Untrusted_NobodyAndSaysSo()
    {
        Assert.False(ForwardedHeadersPolicy.Untrusted.Trusts(IPAddress.Loopback));
        Assert.True(ForwardedHeadersPolicy.Untrusted.TrustsNobody);
        Assert.False(Trusting("10.0.0.0/8").TrustsNobody);
    }
}
