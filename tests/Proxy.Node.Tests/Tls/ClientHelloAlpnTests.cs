using System.Buffers;
using System.Net.Security;
using System.Text;
using Proxy.Node.Tls;
using Xunit;

namespace Proxy.Node.Tests.Tls;

public sealed class ClientHelloAlpnTests
{
    [Theory]
    [InlineData(new[] { "acme-tls/1" }, true)]
    [InlineData(new[] { "h2", "acme-tls/1" }, true)]
    [InlineData(new[] { "h2", "http/1.1" }, false)]
    [InlineData(new string[0], false)]
    public async Task Offers_RealClientHello_SeesTheOfferedProtocols(string[] protocols, bool expected)
    {
        var hello = await ClientHelloAsync(protocols);

        Assert.Equal(hello.Length, ClientHelloAlpn.RecordLength(new ReadOnlySequence<byte>(hello)));
        Assert.Equal(expected, ClientHelloAlpn.Offers(hello, "acme-tls/1"u8));
    }

    [Fact]
    public async Task Offers_ClientHelloCutShort_OffersNothing()
    {
        var hello = await ClientHelloAsync(["acme-tls/1"]);

        for (var length = 0; length < hello.Length; length += 7)
        {
            Assert.False(ClientHelloAlpn.Offers(hello.AsSpan(0, length), "acme-tls/1"u8));
        }
    }

    [Theory]
    [InlineData("GET / HTTP/1.1\r\n")]
    [InlineData("\u0016\u0003")]
    public void RecordLength_NotAWholeTlsRecordHeader_Minus1(string start)
    {
        Assert.Equal(-1, ClientHelloAlpn.RecordLength(new ReadOnlySequence<byte>(Encoding.Latin1.GetBytes(start))));
    }

    [Fact]
    public void RecordLength_LongerThanATlsRecordMayBe_Minus1()
    {
        Assert.Equal(-1, ClientHelloAlpn.RecordLength(new ReadOnlySequence<byte>(new byte[] { 0x16, 3, 1, 0x40, 0x01 })));
    }

    /// <summary>The first record .NET's own TLS client sends, offering <paramref name="protocols"/>.</summary>
    private static async Task<byte[]> ClientHelloAsync(string[] protocols)
    {
        var capture = new CaptureStream();
        using var tls = new SslStream(capture);
        var options = new SslClientAuthenticationOptions
        {
            TargetHost = "c.test",
            ApplicationProtocols = protocols.Length == 0 ? null : [.. protocols.Select(p => new SslApplicationProtocol(p))],
        };
        await Assert.ThrowsAnyAsync<Exception>(() => tls.AuthenticateAsClientAsync(options));
        var written = capture.Written;
        var length = 5 + ((written[3] << 8) | written[4]);
        return written[..length];
    }

    /// <summary>Keeps what the client writes and ends the handshake at its first read.</summary>
    private sealed class CaptureStream : Stream
    {
        private readonly MemoryStream _written = new();

        public byte[] Written => _written.ToArray();

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new IOException("capture only");

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            ValueTask.FromException<int>(new IOException("capture only"));

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => _written.Write(buffer, offset, count);

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            _written.Write(buffer.Span);
            return ValueTask.CompletedTask;
        }
    }
}
