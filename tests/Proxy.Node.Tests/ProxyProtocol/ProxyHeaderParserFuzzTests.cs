using System.Net;
using System.Text;
using Proxy.Node.ProxyProtocol;

namespace Proxy.Node.Tests.ProxyProtocol;

/// <summary>
/// Hostile bytes against the parser, from a fixed seed: valid v1 and v2 headers (and client bytes) with up
/// to four mutations each (flipped bits, truncation, inserted or repeated bytes, huge lengths). The parser
/// must never throw, never ask for more than its bound, never claim more bytes than it was given, and
/// decide the same whatever way the bytes are split across reads.
/// </summary>
public sealed class ProxyHeaderParserFuzzTests
{
    /// <summary>v1 headers (0-2), a client's own bytes (3, 4 and 8), v2 headers (5-7).</summary>
    internal static readonly byte[][] Seeds =
    [
        Encoding.ASCII.GetBytes("PROXY TCP4 203.0.113.7 10.0.0.2 51234 443\r\nGET / HTTP/1.1\r\n\r\n"),
        Encoding.ASCII.GetBytes("PROXY TCP6 2001:db8::7 2001:db8::1 40000 80\r\n"),
        Encoding.ASCII.GetBytes("PROXY UNKNOWN\r\n"),
        Encoding.ASCII.GetBytes("GET / HTTP/1.1\r\nHost: a\r\n\r\n"),
        Encoding.ASCII.GetBytes("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"),
        ProxyHeaderBytes.V2(IPEndPoint.Parse("203.0.113.7:51234"), IPEndPoint.Parse("10.0.0.2:443")),
        ProxyHeaderBytes.V2(IPEndPoint.Parse("[2001:db8::7]:1"), IPEndPoint.Parse("[2001:db8::1]:2"), tlvs: ProxyHeaderBytes.SomeTlvs()),
        ProxyHeaderBytes.V2(IPEndPoint.Parse("203.0.113.7:51234"), IPEndPoint.Parse("10.0.0.2:443"), local: true),
        [0x16, 0x03, 0x01, 0x00, 0x05, 0x01, 0x00, 0x00, 0x01, 0x00],
    ];

    [Fact]
    public void Parse_TwoHundredThousandMutatedInputs_NoThrowBoundedAndSplitIndependent()
    {
        var random = new Random(1);
        var parsed = 0;
        var invalid = 0;
        for (var i = 0; i < 200_000; i++)
        {
            var input = Mutate(Seeds[random.Next(Seeds.Length)], random);
            var whole = ProxyHeaderParser.Parse(input);

            switch (whole.Status)
            {
                case ProxyHeaderStatus.Parsed:
                    parsed++;
                    Assert.InRange(whole.Length, 15, Math.Min(input.Length, ProxyHeaderParser.MaxLength));
                    break;
                case ProxyHeaderStatus.Invalid:
                    invalid++;
                    Assert.False(string.IsNullOrWhiteSpace(whole.Error));
                    break;
                case ProxyHeaderStatus.Incomplete:
                    Assert.True(input.Length < ProxyHeaderParser.MaxLength, $"asked for more than {ProxyHeaderParser.MaxLength} bytes");
                    break;
            }

            // A decision taken on the first k bytes is the decision on all of them: a header split across
            // TCP segments reads as one that arrives whole.
            var k = random.Next(input.Length + 1);
            var early = ProxyHeaderParser.Parse(input.AsSpan(0, k));
            if (early.Status != ProxyHeaderStatus.Incomplete)
            {
                Assert.Equal(early, whole);
            }
        }

        Assert.True(parsed > 1_000 && invalid > 1_000, $"parsed {parsed}, invalid {invalid}: the mutations reach too little");
    }

    internal static byte[] Mutate(byte[] seed, Random random)
    {
        var bytes = new List<byte>(seed);
        var count = random.Next(5);
        for (var m = 0; m < count && bytes.Count > 0; m++)
        {
            var at = random.Next(bytes.Count);
            switch (random.Next(6))
            {
                case 0:
                    bytes[at] ^= (byte)(1 << random.Next(8));
                    break;
                case 1:
                    bytes.RemoveRange(at, bytes.Count - at);
                    break;
                case 2:
                    bytes.Insert(at, (byte)" \r\n:.0\x00\xff"[random.Next(8)]);
                    break;
                case 3:
                    bytes.InsertRange(at, Enumerable.Repeat(bytes[at], random.Next(1, 300)));
                    break;
                case 4 when bytes.Count >= 16:
                    // A v2 length field made huge or off by some bytes.
                    bytes[14] = (byte)random.Next(256);
                    bytes[15] = (byte)random.Next(256);
                    break;
                default:
                    bytes[at] = (byte)random.Next(256);
                    break;
            }
        }

        return [.. bytes];
    }
}
