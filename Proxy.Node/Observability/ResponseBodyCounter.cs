using System.IO.Pipelines;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Proxy.Node.Observability;

/// <summary>
/// Counts the response body bytes a request hands to the server (Traefik's DownstreamContentSize),
/// in front of Kestrel's own body feature. Neither Kestrel nor YARP exposes a per-response byte
/// count; replacing that feature slows every request, so <see cref="Forwarding.RequestTrace"/>
/// installs this only for a body whose size no header gives (a chunked forwarded response, an
/// internal service) on an observed request.
/// One object is both the feature and the stream YARP copies into, so an observed request pays a
/// single allocation; the <see cref="Writer"/> (used by <c>Response.WriteAsync</c>: error pages,
/// internal services) is wrapped only when asked for.
/// A byte counts once the inner write accepted it, so a write that throws (client gone, a body on
/// a 204) adds nothing. Writes of one request are sequential, so a plain field suffices.
/// </summary>
internal sealed class ResponseBodyCounter(IHttpResponseBodyFeature inner) : Stream, IHttpResponseBodyFeature
{
    private CountingPipeWriter? _writer;
    private long _bytes;

    /// <summary>The feature this one stands in front of, to put back when the request ends.</summary>
    public IHttpResponseBodyFeature Inner => inner;

    public long Bytes => _bytes + (_writer?.Bytes ?? 0);

    Stream IHttpResponseBodyFeature.Stream => this;

    public PipeWriter Writer => _writer ??= new CountingPipeWriter(inner.Writer);

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public void DisableBuffering() => inner.DisableBuffering();

    public Task StartAsync(CancellationToken cancellationToken = default) => inner.StartAsync(cancellationToken);

    // Through this stream rather than the inner feature, so the file's bytes are counted too.
    public Task SendFileAsync(string path, long offset, long? count, CancellationToken cancellationToken = default) =>
        SendFileFallback.SendFileAsync(this, path, offset, count, cancellationToken);

    public Task CompleteAsync() => inner.CompleteAsync();

    public override void Write(byte[] buffer, int offset, int count)
    {
        inner.Stream.Write(buffer, offset, count);
        _bytes += count;
    }

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        inner.Stream.Write(buffer);
        _bytes += buffer.Length;
    }

    public override void WriteByte(byte value)
    {
        inner.Stream.WriteByte(value);
        _bytes++;
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var write = inner.Stream.WriteAsync(buffer, cancellationToken);
        if (write.IsCompletedSuccessfully)
        {
            // Kestrel's writes usually complete at once: no async frame for them.
            _bytes += buffer.Length;
            return write;
        }

        return CountWhenDoneAsync(write, buffer.Length);
    }

    public override IAsyncResult BeginWrite(byte[] buffer, int offset, int count, AsyncCallback? callback, object? state) =>
        TaskToAsyncResult.Begin(WriteAsync(buffer, offset, count, CancellationToken.None), callback, state);

    public override void EndWrite(IAsyncResult asyncResult) => TaskToAsyncResult.End(asyncResult);

    public override void Flush() => inner.Stream.Flush();

    public override Task FlushAsync(CancellationToken cancellationToken) => inner.Stream.FlushAsync(cancellationToken);

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    private async ValueTask CountWhenDoneAsync(ValueTask write, int length)
    {
        await write.ConfigureAwait(false);
        _bytes += length;
    }

    /// <summary>Counts what is committed to Kestrel's writer: advanced spans and whole writes.</summary>
    private sealed class CountingPipeWriter(PipeWriter inner) : PipeWriter
    {
        public long Bytes { get; private set; }

        public override bool CanGetUnflushedBytes => inner.CanGetUnflushedBytes;

        public override long UnflushedBytes => inner.UnflushedBytes;

        public override void Advance(int bytes)
        {
            inner.Advance(bytes);
            Bytes += bytes;
        }

        public override Memory<byte> GetMemory(int sizeHint = 0) => inner.GetMemory(sizeHint);

        public override Span<byte> GetSpan(int sizeHint = 0) => inner.GetSpan(sizeHint);

        public override ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default) => inner.FlushAsync(cancellationToken);

        public override ValueTask<FlushResult> WriteAsync(ReadOnlyMemory<byte> source, CancellationToken cancellationToken = default)
        {
            var write = inner.WriteAsync(source, cancellationToken);
            if (write.IsCompletedSuccessfully)
            {
                Bytes += source.Length;
                return write;
            }

            return CountWhenDoneAsync(write, source.Length);
        }

        public override void CancelPendingFlush() => inner.CancelPendingFlush();

        public override void Complete(Exception? exception = null) => inner.Complete(exception);

        public override ValueTask CompleteAsync(Exception? exception = null) => inner.CompleteAsync(exception);

        private async ValueTask<FlushResult> CountWhenDoneAsync(ValueTask<FlushResult> write, int length)
        {
            var result = await write.ConfigureAwait(false);
            Bytes += length;
            return result;
        }
    }
}
