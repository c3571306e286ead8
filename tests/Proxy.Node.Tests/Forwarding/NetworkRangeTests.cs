using Proxy.Actors.Model;
using Proxy.Node.Forwarding;
using Xunit;

namespace Proxy.Node.Tests.Forwarding;

public sealed class NetworkRangeTests
{
    [Theory]
    [InlineData("10.0.0.0/8", "10.0.0.0/8")]
    [InlineData("10.1.2.3/8", "10.0.0.0/8")]
    [InlineData("192.168.1.7", "192.168.1.7/32")]
    [InlineData("0.0.0.0/0", "0.0.0.0/0")]
    [InlineData("fd00::/8", "fd00::/8")]
    [InlineData("2001:db8::1", "2001:db8::1/128")]
    [InlineData("::ffff:10.0.0.0/104", "10.0.0.0/8")]
    [InlineData("::ffff:127.0.0.1", "127.0.0.1/32")]
    public void TryParse_IpOrCidr_Network(string text, string expected)
    {
        Assert.True(NetworkRange.TryParse(text, out var network));
        Assert.Equal(expected, network.ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("10.0.0.0/33")]
    [InlineData("fd00::/129")]
    [InlineData("10.0.0.0/")]
    [InlineData("10.0.0.0/-1")]
    [InlineData("10.0.0.0/ 8")]
    [InlineData("1")]
    [InlineData("10.0.0")]
    [InlineData("example.com")]
    [InlineData("fe80::1%eth0")]
    [InlineData("10.0.0.0/8/8")]
    // Octal and hex parts: IPAddress.TryParse reads "012.0.0.1" as 10.0.0.1; Go (Traefik) refuses them.
    [InlineData("012.0.0.1")]
    [InlineData("0x7f.0.0.1/8")]
    [InlineData("10.0.0.00/8")]
    public void TryParse_NotAnIpOrCidr_False(string text)
    {
        Assert.False(NetworkRange.TryParse(text, out _));
    }
}
