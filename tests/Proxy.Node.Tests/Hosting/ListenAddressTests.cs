using Proxy.Node.Hosting;
using Xunit;

namespace Proxy.Node.Tests.Hosting;

public sealed class ListenAddressTests
{
    [Theory]
    [InlineData(":8000", "", ListenHostKind.Any, 8000, ":8000")]
    [InlineData("127.0.0.1:8080", "127.0.0.1", ListenHostKind.IPv4, 8080, "127.0.0.1:8080")]
    [InlineData("0.0.0.0:1", "0.0.0.0", ListenHostKind.IPv4, 1, "0.0.0.0:1")]
    [InlineData("[::1]:443", "::1", ListenHostKind.IPv6, 443, "[::1]:443")]
    [InlineData("[::]:65535", "::", ListenHostKind.IPv6, 65535, "[::]:65535")]
    [InlineData("localhost:80", "localhost", ListenHostKind.Name, 80, "localhost:80")]
    [InlineData("proxy-1.example.com:80", "proxy-1.example.com", ListenHostKind.Name, 80, "proxy-1.example.com:80")]
    public void TryParse_ValidAddress_ParsesHostKindAndPort(string text, string host, ListenHostKind kind, int port, string formatted)
    {
        Assert.True(ListenAddress.TryParse(text, out var address));
        Assert.Equal(new ListenAddress(host, kind, port), address);
        Assert.Equal(formatted, address.ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("8000")]
    [InlineData(":")]
    [InlineData(":0")]
    [InlineData(":65536")]
    [InlineData(":-1")]
    [InlineData(":+80")]
    [InlineData(": 80")]
    [InlineData(":http")]
    [InlineData("::1:80")]
    [InlineData("[::1:80")]
    [InlineData("[127.0.0.1]:80")]
    [InlineData("[nope]:80")]
    [InlineData("256.0.0.1:80")]
    [InlineData("1.2.3:80")]
    [InlineData("-bad.example:80")]
    [InlineData("under_score:80")]
    [InlineData("two words:80")]
    // Arabic-Indic digits: \d matched them and IPAddress.Parse then threw out of TryParse.
    [InlineData("\u0661\u0662\u0667.0.0.1:80")]
    public void TryParse_InvalidAddress_ReturnsFalse(string text)
    {
        Assert.False(ListenAddress.TryParse(text, out _));
    }

    [Theory]
    [InlineData(":8000", ":8000", true)]
    [InlineData(":8000", ":8001", false)]
    [InlineData(":8000", "127.0.0.1:8000", true)]
    [InlineData("0.0.0.0:8000", "10.0.0.1:8000", true)]
    [InlineData("[::]:8000", "127.0.0.1:8000", true)]
    [InlineData("127.0.0.1:8000", "127.0.0.2:8000", false)]
    [InlineData("127.0.0.1:8000", "127.0.0.1:8000", true)]
    [InlineData("localhost:8000", "127.0.0.1:8000", true)]
    [InlineData("localhost:8000", "[::1]:8000", true)]
    [InlineData("[::1]:8000", "[0:0:0:0:0:0:0:1]:8000", true)]
    [InlineData("LOCALHOST:8000", "localhost:8000", true)]
    [InlineData("a.example:8000", "b.example:8000", false)]
    public void Overlaps_PairOfAddresses_TellsWhetherTheyShareASocket(string first, string second, bool expected)
    {
        Assert.True(ListenAddress.TryParse(first, out var a));
        Assert.True(ListenAddress.TryParse(second, out var b));
        Assert.Equal(expected, a.Overlaps(b));
        Assert.Equal(expected, b.Overlaps(a));
    }
}
