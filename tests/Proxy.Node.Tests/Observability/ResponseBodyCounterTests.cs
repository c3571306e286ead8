using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Proxy.Node.Observability;

namespace Proxy.Node.Tests.Observability;

public sealed class ResponseBodyCounterTests
{
    [Fact]
    public async Task Stream_EveryWriteKind_CountsWhatReachedTheInnerBody()
    {
        var sink = new MemoryStream();
        var counter = new ResponseBodyCounter(new StreamResponseBodyFeature(sink));
        Stream body = ((IHttpResponseBodyFeature)counter).Stream;

        body.Write(new byte[10], 0, 10);
        body.Write(new byte[5].AsSpan());
        body.WriteByte(1);
        await body.WriteAsync(new byte[100].AsMemory());
        await body.WriteAsync(new byte[7], 0, 7);
        await Task.Factory.FromAsync(body.BeginWrite, body.EndWrite, new byte[3], 0, 3, null);

        Assert.Equal(126, counter.Bytes);
        Assert.Equal(sink.Length, counter.Bytes);
    }

    [Fact]
    public async Task Stream_WriteCompletingLater_CountedWhenDone()
    {
        var counter = new ResponseBodyCounter(new StreamResponseBodyFeature(new YieldingStream()));

        await ((IHttpResponseBodyFeature)counter).Stream.WriteAsync(new byte[4096].AsMemory());

        Assert.Equal(4096, counter.Bytes);
    }

    [Fact]
    public async Task Stream_InnerWriteThrows_NothingCounted()
    {
        var counter = new ResponseBodyCounter(new StreamResponseBodyFeature(new FailingStream()));
        var body = ((IHttpResponseBodyFeature)counter).Stream;

        await Assert.ThrowsAsync<IOException>(async () => await body.WriteAsync(new byte[10].AsMemory()));
        Assert.Throws<IOException>(() => body.Write(new byte[10], 0, 10));

        Assert.Equal(0, counter.Bytes);
    }

    [Fact]
    public async Task ResponseWriteAsync_ThroughTheWriter_CountsUtf8Bytes()
    {
        // How the error pages and internal services answer: Response.WriteAsync uses the PipeWriter.
        var sink = new MemoryStream();
        var context = new DefaultHttpContext();
        var counter = new ResponseBodyCounter(new StreamResponseBodyFeature(sink));
        context.Features.Set<IHttpResponseBodyFeature>(counter);

        await context.Response.WriteAsync("404 page not found\n");
        await context.Response.WriteAsync("h\u00e9");
        await context.Response.BodyWriter.WriteAsync(new byte[9]);
        await context.Response.Body.WriteAsync(new byte[2]);
        await context.Response.CompleteAsync();

        Assert.Equal(19 + 3 + 9 + 2, counter.Bytes);
        Assert.Equal(sink.ToArray().Length, counter.Bytes);
    }

    [Fact]
    public async Task SendFileAsync_CountsTheRangeSent()
    {
        var path = Path.GetTempFileName();
        try
        {
            await File.WriteAllBytesAsync(path, Encoding.ASCII.GetBytes("0123456789"));
            var sink = new MemoryStream();
            var counter = new ResponseBodyCounter(new StreamResponseBodyFeature(sink));

            await counter.SendFileAsync(path, 2, 5);

            Assert.Equal(5, counter.Bytes);
            Assert.Equal("23456", Encoding.ASCII.GetString(sink.ToArray()));
        }
        finally
        {
            File.Delete(path);
        }
    }

    private sealed class YieldingStream : MemoryStream
    {
        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            await Task.Yield();
            await base.WriteAsync(buffer, cancellationToken);
        }
    }

    private sealed class FailingStream : MemoryStream
    {
        public override void Write(byte[] buffer, int offset, int count) => throw new IOException("client gone");

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) =>
            ValueTask.FromException(new IOException("client gone"));
    }
}
