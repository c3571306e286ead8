using System.IO.Pipelines;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Proxy.Actors.Model.Config;

namespace Proxy.Node.Middlewares;

/// <summary>
/// Stands in front of the response body while the rest of an errors middleware's chain runs, and decides on
/// the first thing that would send the response (a start, a write, a flush): a status in the ranges is caught,
/// and nothing of that response reaches the client; any other status passes every call straight through, with
/// no buffering, so a streaming response streams as before.
/// </summary>
internal sealed class ErrorStatusCatcher(HttpResponse response, IHttpResponseBodyFeature inner, HttpStatusRanges ranges) : Stream, IHttpResponseBodyFeature
{
    private PipeWriter? _writer;
    private bool _decided;

    public IHttpResponseBodyFeature Inner => inner;

    /// <summary>Whether the response was caught: the client has been sent nothing of it.</summary>
    public bool Caught { get; private set; }

    /// <summary>The body bytes of the caught response, dropped: the server's side of the access log.</summary>
    public long Dropped { get; private set; }

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

    /// <summary>Decides now, for a response that ends without having started (no body, HEAD).</summary>
    public bool CatchesUnstarted() => Decide();

    public void DisableBuffering() => inner.DisableBuffering();

    public Task StartAsync(CancellationToken cancellationToken = default) =>
        Decide() ? Task.CompletedTask : inner.StartAsync(cancellationToken);

    public Task SendFileAsync(string path, long offset, long? count, CancellationToken cancellationToken = default) =>
        Decide() ? Task.CompletedTask : inner.SendFileAsync(path, offset, count, cancellationToken);

    public Task CompleteAsync() => Decide() ? Task.CompletedTask : inner.CompleteAsync();

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        if (Decide())
        {
            Dropped += buffer.Length;
            return;
        }

        inner.Stream.Write(buffer);
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (Decide())
        {
            Dropped += buffer.Length;
            return ValueTask.CompletedTask;
        }

        return inner.Stream.WriteAsync(buffer, cancellationToken);
    }

    public override void Flush()
    {
        if (!Decide())
        {
            inner.Stream.Flush();
        }
    }

    public override Task FlushAsync(CancellationToken cancellationToken) =>
        Decide() ? Task.CompletedTask : inner.Stream.FlushAsync(cancellationToken);

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    /// <summary>Whether the response is caught, deciding from its status the first time it is asked.</summary>
    private bool Decide()
    {
        if (!_decided)
        {
            _decided = true;
            Caught = ranges.Contains(response.StatusCode);
        }

        return Caught;
    }
}
