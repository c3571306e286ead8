using System.Net;
using System.Text;
using Proxy.Node.ProxyProtocol;

namespace Proxy.Node.Tests.ProxyProtocol;

public sealed class ProxyHeaderParserTests
{
    private static readonly IPEndPoint Client4 = IPEndPoint.Parse("203.0.113.7:51234");
    private static readonly IPEndPoint Node4 = IPEndPoint.Parse("10.0.0.2:443");
    private static readonly IPEndPoint Client6 = IPEndPoint.Parse("[2001:db8::7]:40000");
    private static readonly IPEndPoint Node6 = IPEndPoint.Parse("[2001:db8::1]:80");

    [Theory]
    [InlineData("PROXY TCP4 203.0.113.7 10.0.0.2 51234 443\r\n", "203.0.113.7:51234")]
    [InlineData("PROXY TCP6 2001:db8::7 2001:db8::1 40000 80\r\n", "[2001:db8::7]:40000")]
    [InlineData("PROXY TCP6 ::ffff:198.51.100.9 ::ffff:10.0.0.2 1 65535\r\n", "198.51.100.9:1")]
    [InlineData("PROXY TCP4 0.0.0.0 255.255.255.255 0 0\r\n", "0.0.0.0:0")]
    [InlineData("PROXY TCP6 ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff 65535 65535\r\n", "[ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff]:65535")]
    public void Parse_V1Header_SourceAndWholeLength(string line, string source)
    {
        var bytes = Encoding.ASCII.GetBytes(line + "GET / HTTP/1.1\r\n");

        var header = ProxyHeaderParser.Parse(bytes);

        Assert.Equal(ProxyHeaderStatus.Parsed, header.Status);
        Assert.Equal(line.Length, header.Length);
        Assert.Equal(IPEndPoint.Parse(source), header.Source);
    }

    [Theory]
    [InlineData("PROXY UNKNOWN\r\n")]
    [InlineData("PROXY UNKNOWN ffff:f...f:ffff ffff:f...f:ffff 65535 65535\r\n")]
    public void Parse_V1Unknown_NoSourceSoThePeerStays(string line)
    {
        var header = ProxyHeaderParser.Parse(Encoding.ASCII.GetBytes(line));

        Assert.Equal(ProxyHeaderStatus.Parsed, header.Status);
        Assert.Equal(line.Length, header.Length);
        Assert.Null(header.Source);
    }

    [Theory]
    [InlineData("PROXY TCP4 203.0.113.7 10.0.0.2 51234 443\r\n", "source")]
    [InlineData("GET / HTTP/1.1\r\n", "absent")]
    [InlineData("POST / HTTP/1.1\r\n", "absent")]
    [InlineData("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", "absent")]
    [InlineData("PROXZ TCP4", "absent")]
    [InlineData("\x16\x03\x01\x02\x00\x01", "absent")]
    public void Parse_FirstBytesOfAClient_DecidedAsEarlyAsTheyAllow(string text, string expected)
    {
        var bytes = Encoding.Latin1.GetBytes(text);
        var decided = ProxyHeaderParser.Parse(bytes).Status;

        Assert.Equal(expected == "absent" ? ProxyHeaderStatus.Absent : ProxyHeaderStatus.Parsed, decided);
        // Every shorter prefix either waits for more or already gives the same answer.
        for (var length = 1; length < bytes.Length; length++)
        {
            var status = ProxyHeaderParser.Parse(bytes.AsSpan(0, length)).Status;
            Assert.True(status == ProxyHeaderStatus.Incomplete || status == decided, $"prefix of {length}: {status}");
        }
    }

    [Theory]
    [InlineData("PROXY TCP4 203.0.113.7 10.0.0.2 51234 443\n", "byte 0x0A")]
    [InlineData("PROXY TCP4 203.0.113.7 10.0.0.2 51234 443\rX", "CR not followed by LF")]
    [InlineData("PROXY TCP4 203.0.113.7  10.0.0.2 51234 443\r\n", "fields")]
    [InlineData("PROXY TCP4 203.0.113.7 10.0.0.2 51234\r\n", "fields")]
    [InlineData("PROXY TCP4 203.0.113.7 10.0.0.2 51234 443 9\r\n", "fields")]
    [InlineData("PROXY TCP4 2001:db8::7 10.0.0.2 51234 443\r\n", "source \"2001:db8::7\" is not an TCP4 address")]
    [InlineData("PROXY TCP6 203.0.113.7 2001:db8::1 51234 443\r\n", "is not an TCP6 address")]
    [InlineData("PROXY TCP4 012.0.0.1 10.0.0.2 51234 443\r\n", "source")]
    [InlineData("PROXY TCP4 1 10.0.0.2 51234 443\r\n", "source")]
    [InlineData("PROXY TCP4 203.0.113.7 10.0.0.256 51234 443\r\n", "destination")]
    [InlineData("PROXY TCP6 fe80::1%eth0 2001:db8::1 51234 443\r\n", "source")]
    [InlineData("PROXY TCP4 203.0.113.7 10.0.0.2 65536 443\r\n", "ports")]
    [InlineData("PROXY TCP4 203.0.113.7 10.0.0.2 051234 443\r\n", "ports")]
    [InlineData("PROXY TCP4 203.0.113.7 10.0.0.2 -1 443\r\n", "ports")]
    [InlineData("PROXY TCP4 203.0.113.7 10.0.0.2 +80 443\r\n", "ports")]
    [InlineData("PROXY UDP4 203.0.113.7 10.0.0.2 51234 443\r\n", "protocol \"UDP4\"")]
    [InlineData("PROXY \r\n", "protocol \"\"")]
    [InlineData("PROXY TCP4 203.0.113.7\t10.0.0.2 51234 443\r\n", "byte 0x09")]
    [InlineData("PROXY TCP4 203.0.113.7\u000010.0.0.2 51234 443\r\n", "byte 0x00")]
    [InlineData("PROXY TCP4 203.0.113.7 10.0.0.2 51234 443\u00e9\r\n", "byte 0xE9")]
    public void Parse_MalformedV1_InvalidNamingTheFault(string line, string fault)
    {
        var header = ProxyHeaderParser.Parse(Encoding.Latin1.GetBytes(line));

        Assert.Equal(ProxyHeaderStatus.Invalid, header.Status);
        Assert.Contains(fault, header.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_V1WithoutCrlfWithin107Bytes_InvalidNamingTheLimit()
    {
        var line = "PROXY UNKNOWN " + new string('a', 200);

        var at106 = ProxyHeaderParser.Parse(Encoding.ASCII.GetBytes(line[..106]));
        var at107 = ProxyHeaderParser.Parse(Encoding.ASCII.GetBytes(line[..107]));
        var longer = ProxyHeaderParser.Parse(Encoding.ASCII.GetBytes(line));

        Assert.Equal(ProxyHeaderStatus.Incomplete, at106.Status);
        Assert.Equal(ProxyHeaderStatus.Invalid, at107.Status);
        Assert.Equal("v1: no CRLF within 107 bytes, the protocol's limit for a v1 line", at107.Error);
        Assert.Equal(at107, longer);
    }

    [Fact]
    public void Parse_V1LongestLegalLine_Parsed()
    {
        // 107 bytes, CRLF included: the protocol's own worst case.
        var line = "PROXY UNKNOWN " + new string('x', 107 - 16) + "\r\n";
        Assert.Equal(107, line.Length);

        var header = ProxyHeaderParser.Parse(Encoding.ASCII.GetBytes(line));

        Assert.Equal(ProxyHeaderStatus.Parsed, header.Status);
        Assert.Equal(107, header.Length);
    }

    [Fact]
    public void Parse_V2Inet_SourceAndLength()
    {
        var bytes = ProxyHeaderBytes.V2(Client4, Node4);

        var header = ProxyHeaderParser.Parse([.. bytes, .. "GET "u8.ToArray()]);

        Assert.Equal(ProxyHeaderStatus.Parsed, header.Status);
        Assert.Equal(28, header.Length);
        Assert.Equal(Client4, header.Source);
    }

    [Fact]
    public void Parse_V2Inet6WithTlvs_TlvsSkipped()
    {
        var bytes = ProxyHeaderBytes.V2(Client6, Node6, tlvs: ProxyHeaderBytes.SomeTlvs());

        var header = ProxyHeaderParser.Parse([.. bytes, 0x16, 0x03, 0x01]);

        Assert.Equal(ProxyHeaderStatus.Parsed, header.Status);
        Assert.Equal(16 + 36 + 13, header.Length);
        Assert.Equal(Client6, header.Source);
    }

    [Fact]
    public void Parse_V2Local_NoSourceAddressBlockSkipped()
    {
        var bytes = ProxyHeaderBytes.V2(Client4, Node4, local: true);

        var header = ProxyHeaderParser.Parse(bytes);

        Assert.Equal(ProxyHeaderStatus.Parsed, header.Status);
        Assert.Equal(28, header.Length);
        Assert.Null(header.Source);
    }

    [Theory]
    [InlineData(0x21, 0x00)]
    [InlineData(0x21, 0x31)]
    [InlineData(0x21, 0x10)]
    public void Parse_V2UnspecifiedOrUnixFamily_NoSource(byte versionCommand, byte familyTransport)
    {
        var header = ProxyHeaderParser.Parse(ProxyHeaderBytes.V2Raw(versionCommand, familyTransport, new byte[216]));

        Assert.Equal(ProxyHeaderStatus.Parsed, header.Status);
        Assert.Null(header.Source);
    }

    [Theory]
    [InlineData(0x11, 0x11, 12, "version 1 where 2 is expected")]
    [InlineData(0x31, 0x11, 12, "version 3")]
    [InlineData(0x22, 0x11, 12, "command 2 is neither LOCAL (0) nor PROXY (1)")]
    [InlineData(0x21, 0x41, 12, "address family 4 or transport 1 is undefined")]
    [InlineData(0x21, 0x13, 12, "address family 1 or transport 3 is undefined")]
    [InlineData(0x21, 0x12, 12, "a UDP connection's header on a TCP entry point")]
    [InlineData(0x21, 0x11, 11, "an IPv4 address block of 11 bytes, below the 12 it needs")]
    [InlineData(0x21, 0x21, 35, "an IPv6 address block of 35 bytes, below the 36 it needs")]
    public void Parse_MalformedV2_InvalidNamingTheFault(byte versionCommand, byte familyTransport, int blockLength, string fault)
    {
        var header = ProxyHeaderParser.Parse(ProxyHeaderBytes.V2Raw(versionCommand, familyTransport, new byte[blockLength]));

        Assert.Equal(ProxyHeaderStatus.Invalid, header.Status);
        Assert.Contains(fault, header.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_V2LengthAboveBound_InvalidBeforeTheBlockArrives()
    {
        // Only the fixed 16 bytes: the declared length alone is refused, nothing more is waited for.
        var fixedPart = ProxyHeaderBytes.V2Raw(0x21, 0x11, [], declaredLength: 4097);

        var header = ProxyHeaderParser.Parse(fixedPart);

        Assert.Equal(ProxyHeaderStatus.Invalid, header.Status);
        Assert.Equal("v2: address block of 4097 bytes, above the limit of 4096", header.Error);
    }

    [Fact]
    public void Parse_V2AtTheBound_WaitsThenParsed()
    {
        var bytes = ProxyHeaderBytes.V2Raw(0x21, 0x11, new byte[4096]);

        Assert.Equal(ProxyHeaderStatus.Incomplete, ProxyHeaderParser.Parse(bytes.AsSpan(0, bytes.Length - 1)).Status);
        var header = ProxyHeaderParser.Parse(bytes);
        Assert.Equal(ProxyHeaderStatus.Parsed, header.Status);
        Assert.Equal(ProxyHeaderParser.MaxLength, header.Length);
    }

    [Fact]
    public void Parse_EmptyOrPartialSignature_Incomplete()
    {
        Assert.Equal(ProxyHeaderStatus.Incomplete, ProxyHeaderParser.Parse([]).Status);
        for (var length = 1; length < 16; length++)
        {
            Assert.Equal(ProxyHeaderStatus.Incomplete, ProxyHeaderParser.Parse(ProxyHeaderBytes.V2(Client4, Node4).AsSpan(0, length)).Status);
        }

        Assert.Equal(ProxyHeaderStatus.Absent, ProxyHeaderParser.Parse([0x0D, 0x0A, 0x0D, 0x0B]).Status);
    }
}
