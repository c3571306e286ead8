using System.IO.Pipelines;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Proxy.Node.Middlewares.ContentType;

/// <summary>
/// The response body while contentType's autoDetect stands in front of it: on the first write of a body whose
/// response has no Content-Type, and before the headers leave, sets the type the bytes show
/// (<see cref="ContentSniffer"/>), as Go does on a handler's first write. Everything passes through unchanged.
/// </summary>
internal sealed class SniffingBody(HttpContext context, IHttpResponseBodyFeature inner) : Stream, IHttpResponseBodyFeature
{
    private bool _looked;
    private PipeWriter? _writer;

    Stream IHttpResponseBodyFeature.Stream => this;

    public PipeWriter Writer => _writer ??= PipeWriter.Create(this, new StreamPipeWriterOptions(leaveOpen: true));

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

    public Task SendFileAsync(string path, long offset, long? count, CancellationToken cancellationToken = default) =>
        SendFileFallback.SendFileAsync(this, path, offset, count, cancellationToken);

    public Task CompleteAsync() => inner.CompleteAsync();

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        Look(buffer.Span);
        return inner.Stream.WriteAsync(buffer, cancellationToken);
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Write(byte[] buffer, int offset, int count)
    {
        Look(buffer.AsSpan(offset, count));
        inner.Stream.Write(buffer, offset, count);
    }

    public override Task FlushAsync(CancellationToken cancellationToken) => inner.Stream.FlushAsync(cancellationToken);

    public override void Flush() => inner.Stream.Flush();

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    private void Look(ReadOnlySpan<byte> first)
    {
        if (_looked || first.IsEmpty)
        {
            return;
        }

        _looked = true;
        var response = context.Response;
        if (!response.HasStarted && response.Headers.ContentType.Count == 0)
        {
            response.ContentType = ContentSniffer.Detect(first);
        }
    }
}
