using System.Net;
using Microsoft.AspNetCore.Http;
using Proxy.Actors.Model.Config;
using Proxy.Node.Forwarding;
using Proxy.Node.Middlewares;
using Proxy.Node.Tests.Forwarding;
using Xunit;

namespace Proxy.Node.Tests.Middlewares;

/// <summary>The client address a middleware acts on, by its ipStrategy and the entry point's trust in its peer.</summary>
public sealed class ClientIpStrategyTests
{
    private static HttpContext Request(string peer, params string[] forwardedFor)
    {
        var context = new DefaultHttpContext();
        context.Connection.RemoteIpAddress = IPAddress.Parse(peer);
        if (forwardedFor.Length > 0)
        {
            context.Request.Headers["X-Forwarded-For"] = forwardedFor;
        }

        return context;
    }

    private static ClientIpStrategy Depth(int depth) => new(new IpStrategyConfig(depth, [], null));

    private static ClientIpStrategy Excluding(params string[] ranges) => new(new IpStrategyConfig(null, [.. ranges], null));

    public static TheoryData<string, int, string[], string?> DepthCases => new()
    {
        { "depth 1: the right-most entry", 1, ["10.0.0.2", "6.6.6.6, 1.2.3.4"], "1.2.3.4" },
        { "depth 2: one further left", 2, ["10.0.0.2", "6.6.6.6, 1.2.3.4"], "6.6.6.6" },
        { "several header lines: read as one list", 2, ["10.0.0.2", "6.6.6.6, 1.2.3.4", "10.0.0.7"], "1.2.3.4" },
        { "empty entries are not counted", 2, ["10.0.0.2", "6.6.6.6,, 1.2.3.4 ,"], "6.6.6.6" },
        { "deeper than the list: none", 3, ["10.0.0.2", "6.6.6.6, 1.2.3.4"], null },
        { "no header: none", 1, ["10.0.0.2"], null },
        { "the entry is not an address: none", 1, ["10.0.0.2", "1.2.3.4, unknown"], null },
        { "entries with ports and spaces", 1, ["10.0.0.2", "6.6.6.6,  1.2.3.4:5555 "], "1.2.3.4" },
        { "IPv4-mapped peer trusted as IPv4", 1, ["::ffff:10.0.0.2", "1.2.3.4"], "1.2.3.4" },
        { "IPv4-mapped entry read as IPv4", 1, ["10.0.0.2", "::ffff:1.2.3.4"], "1.2.3.4" },
        { "untrusted peer: its header is not read", 1, ["192.0.2.9", "1.2.3.4"], null },
    };

    [Theory]
    [MemberData(nameof(DepthCases))]
    public void ClientIp_Depth_EntryCountedFromTheRight(string name, int depth, string[] peerThenLines, string? expected)
    {
        var context = Request(peerThenLines[0], peerThenLines[1..]);

        var client = Depth(depth).ClientIp(context, ForwardedHeadersPolicyTests.Trusting("10.0.0.0/8"));

        Assert.True(Equals(expected is null ? null : IPAddress.Parse(expected), client), $"{name}: {client}");
    }

    public static TheoryData<string, string[], string?> ExcludedCases => new()
    {
        { "past every excluded hop", ["10.0.0.2", "6.6.6.6, 1.2.3.4, 172.16.0.7"], "1.2.3.4" },
        { "several header lines: read as one list", ["10.0.0.2", "6.6.6.6, 1.2.3.4", "172.16.0.7"], "1.2.3.4" },
        { "all excluded: none", ["10.0.0.2", "172.16.0.9, 172.16.0.8"], null },
        { "garbage ends the walk with none, so a forged tail names nobody", ["10.0.0.2", "1.2.3.4, unknown, 172.16.0.7"], null },
        { "entries with ports and spaces", ["10.0.0.2", " 1.2.3.4:5555 ,172.16.0.7 "], "1.2.3.4" },
    };

    [Theory]
    [MemberData(nameof(ExcludedCases))]
    public void ClientIp_ExcludedIPs_RightMostOutsideTheRanges(string name, string[] peerThenLines, string? expected)
    {
        var context = Request(peerThenLines[0], peerThenLines[1..]);

        var client = Excluding("172.16.0.0/12").ClientIp(context, ForwardedHeadersPolicyTests.Trusting("10.0.0.0/8"));

        Assert.True(Equals(expected is null ? null : IPAddress.Parse(expected), client), $"{name}: {client}");
    }

    [Fact]
    public void ClientIp_ExcludedIPv6_RightMostOutsideTheRanges()
    {
        var context = Request("fd00::2", "2001:db8::5, fd00::9");

        Assert.Equal(IPAddress.Parse("2001:db8::5"), Excluding("fd00::/8").ClientIp(context, ForwardedHeadersPolicyTests.Trusting("fd00::/8")));
    }

    [Fact]
    public void ClientIp_InsecureEntryPoint_ReadsAnyPeersHeader()
    {
        var context = Request("192.0.2.9", "1.2.3.4, 5.6.7.8");

        Assert.Equal(IPAddress.Parse("5.6.7.8"), Depth(1).ClientIp(context, new ForwardedHeadersPolicy(true, [])));
    }

    [Fact]
    public void ClientIp_Default_PeerWhateverTheHeaderSays()
    {
        var context = Request("::ffff:192.0.2.9", "1.2.3.4");

        Assert.Equal(IPAddress.Parse("192.0.2.9"), ClientIpStrategy.Default.ClientIp(context, new ForwardedHeadersPolicy(true, [])));
    }

    [Fact]
    public void ClientIp_Ipv6Subnet_WidensAnIpv6ClientOnly()
    {
        var strategy = new ClientIpStrategy(new IpStrategyConfig(null, [], 64));

        Assert.Equal(IPAddress.Parse("2001:db8:1:2::"), strategy.ClientIp(Request("2001:db8:1:2:aaaa::5"), ForwardedHeadersPolicy.Untrusted));
        Assert.Equal(IPAddress.Parse("192.0.2.9"), strategy.ClientIp(Request("192.0.2.9"), ForwardedHeadersPolicy.Untrusted));
    }
}
