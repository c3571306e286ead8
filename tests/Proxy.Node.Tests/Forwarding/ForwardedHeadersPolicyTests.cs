using System.Net;
using Microsoft.AspNetCore.Http;
using Proxy.Actors.Model;
using Proxy.Node.Forwarding;
using Xunit;

namespace Proxy.Node.Tests.Forwarding;

/// <summary>The client address later middlewares act on, for peers the entry point trusts or not.</summary>
public sealed class ForwardedHeadersPolicyTests
{
    private static ForwardedHeadersPolicy Trusting(params string[] ranges) =>
        new(false, [.. ranges.Select(range => NetworkRange.TryParse(range, out var network) ? network : throw new ArgumentException(range))]);

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

    public static TheoryData<string, string, string[], string> Cases => new()
    {
        { "untrusted peer: its own address", "10.0.0.0/8", ["192.0.2.9", "1.2.3.4"], "192.0.2.9" },
        { "trusted peer: the hop before it", "10.0.0.0/8", ["10.0.0.2", "1.2.3.4"], "1.2.3.4" },
        { "trusted chain: past every trusted hop", "10.0.0.0/8", ["10.0.0.2", "6.6.6.6, 1.2.3.4, 10.0.0.7"], "1.2.3.4" },
        { "several header lines: read as one list", "10.0.0.0/8", ["10.0.0.2", "6.6.6.6, 1.2.3.4", "10.0.0.7"], "1.2.3.4" },
        { "all trusted: the leftmost", "10.0.0.0/8", ["10.0.0.2", "10.0.0.9, 10.0.0.8"], "10.0.0.9" },
        { "no header: the peer", "10.0.0.0/8", ["10.0.0.2"], "10.0.0.2" },
        { "garbage ends the walk at the last trusted hop", "10.0.0.0/8", ["10.0.0.2", "1.2.3.4, unknown, 10.0.0.7"], "10.0.0.7" },
        { "entries with ports and spaces", "10.0.0.0/8", ["10.0.0.2", " 1.2.3.4:5555 ,10.0.0.7 "], "1.2.3.4" },
        { "IPv4-mapped peer compared as IPv4", "10.0.0.0/8", ["::ffff:10.0.0.2", "1.2.3.4"], "1.2.3.4" },
        { "IPv6 peer and entries", "fd00::/8", ["fd00::2", "2001:db8::5, fd00::9"], "2001:db8::5" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void ClientIp_PeerAndForwardedFor_FirstUntrustedFromTheRight(string name, string trusted, string[] peerThenLines, string expected)
    {
        var context = Request(peerThenLines[0], peerThenLines[1..]);

        Assert.True(IPAddress.Parse(expected).Equals(Trusting(trusted).ClientIp(context)), name);
    }

    [Fact]
    public void ClientIp_Insecure_LeftmostClaim()
    {
        var context = Request("192.0.2.9", "1.2.3.4, 5.6.7.8");

        Assert.Equal(IPAddress.Parse("1.2.3.4"), new ForwardedHeadersPolicy(true, []).ClientIp(context));
    }

    [Fact]
    public void ClientIp_Default_PeerWhateverTheHeaderSays()
    {
        var context = Request("::ffff:192.0.2.9", "1.2.3.4");

        Assert.Equal(IPAddress.Parse("192.0.2.9"), ForwardedHeadersPolicy.Untrusted.ClientIp(context));
        Assert.True(ForwardedHeadersPolicy.Untrusted.TrustsNobody);
    }
}
