using System.Buffers;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Proxy.Node.Forwarding;

/// <summary>
/// The response body as a service's <c>responseForwarding.flushInterval</c> has it reach the client, put in front of
/// the response's body feature while a server's answer is copied. YARP writes each piece it reads from the server,
/// and Kestrel's response stream sends each write at once; this holds pieces back in Kestrel's response pipe
/// (written, not flushed) and sends them at most the interval after the first one held, as Go's ReverseProxy does
/// for Traefik. It is put in place only for a response whose headers say it can be held (<see cref="InstallIfHeld"/>),
/// and decides again on the first write: a body that comes in one piece goes straight through, so an ordinary
/// response takes no timer and no lock.
/// </summary>
/// <remarks>
/// The status and headers leave with the first bytes sent (as YARP sends them), not after one interval as in Go:
/// a gRPC error is headers and trailers only, and a client reads it right only if the headers were not sent ahead.
/// </remarks>
internal sealed class IntervalFlushingBody : Stream, IHttpResponseBodyFeature
{
    // Bytes held back are sent as soon as they reach this, whatever the interval, so that a large body streams at
    // the network's pace and what the node holds per response stays bounded: Kestrel's own response buffer size.
    private const int MaxHeldBytes = 64 * 1024;

    private readonly HttpContext _context;
    private readonly IHttpResponseBodyFeature _inner;
    private readonly TimeSpan _interval;
    private readonly TimeProvider _time;

    private Mode _mode;
    private long _contentLength;
    private long _written;

    // Batched mode only. The gate keeps the timer's flush and the copy's writes off the pipe at the same time.
    private SemaphoreSlim? _gate;
    private ITimer? _timer;
    private long _held;
    private bool _flushScheduled;
    private bool _stopped;

    private IntervalFlushingBody(HttpContext context, IHttpResponseBodyFeature inner, TimeSpan interval, TimeProvider time)
    {
        _context = context;
        _inner = inner;
        _interval = interval;
        _time = time;
    }

    private enum Mode
    {
        Undecided,
        Through,
        Batched,
    }

    /// <summary>
    /// Puts a body with <paramref name="interval"/> in front of the response's once the server's headers are in it,
    /// when they say the interval can matter: a known length, not an event stream, an interval not negative. Any other
    /// response (and every request that gets no answer) keeps its own body: no object made and no feature set, which
    /// would make every cached feature of the request be looked up again. Null when nothing was put in front.
    /// </summary>
    public static IntervalFlushingBody? InstallIfHeld(HttpContext context, TimeSpan interval, TimeProvider time)
    {
        var response = context.Response;
        if (interval < TimeSpan.Zero
            || response.ContentLength is not > 0
            || IsEventStream(response.ContentType)
            || context.Features.Get<IHttpResponseBodyFeature>() is not { } inner
            || inner is IntervalFlushingBody)
        {
            return null;
        }

        var body = new IntervalFlushingBody(context, inner, interval, time);
        context.Features.Set<IHttpResponseBodyFeature>(body);
        return body;
    }

    /// <summary>
    /// Sends what is still held, stops the timer and gives the response its own body back: called once the server's
    /// answer is copied (or failed), before the request ends, so that no timer writes to a finished response.
    /// </summary>
    public async ValueTask UninstallAsync()
    {
        try
        {
            await StopAsync(sendHeld: !_context.RequestAborted.IsCancellationRequested).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or InvalidOperationException)
        {
            // The client went while the last piece was sent: the request ends as it would have anyway.
        }

        if (ReferenceEquals(_context.Features.Get<IHttpResponseBodyFeature>(), this))
        {
            _context.Features.Set(_inner);
        }
    }

    Stream IHttpResponseBodyFeature.Stream => this;

    System.IO.Pipelines.PipeWriter IHttpResponseBodyFeature.Writer => _inner.Writer;

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_mode == Mode.Undecided)
        {
            _mode = Decide(buffer.Length);
        }

        return _mode == Mode.Batched ? WriteBatchedAsync(buffer, cancellationToken) : _inner.Stream.WriteAsync(buffer, cancellationToken);
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    // Nothing writes synchronously through the forwarder; a synchronous write is the response's own, which sends
    // what was held before it, in order, since both go through the same pipe.
    public override void Write(byte[] buffer, int offset, int count) => _inner.Stream.Write(buffer, offset, count);

    public override Task FlushAsync(CancellationToken cancellationToken) =>
        _mode == Mode.Batched ? SendHeldAsync(cancellationToken) : _inner.Stream.FlushAsync(cancellationToken);

    public override void Flush() => _inner.Stream.Flush();

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    void IHttpResponseBodyFeature.DisableBuffering() => _inner.DisableBuffering();

    Task IHttpResponseBodyFeature.StartAsync(CancellationToken cancellationToken) => _inner.StartAsync(cancellationToken);

    Task IHttpResponseBodyFeature.SendFileAsync(string path, long offset, long? count, CancellationToken cancellationToken) =>
        _inner.SendFileAsync(path, offset, count, cancellationToken);

    // YARP completes the response itself after a streaming request (gRPC): what is held goes first.
    async Task IHttpResponseBodyFeature.CompleteAsync()
    {
        await StopAsync(sendHeld: true).ConfigureAwait(false);
        await _inner.CompleteAsync().ConfigureAwait(false);
    }

    /// <summary>
    /// Traefik's rule (Go's ReverseProxy): a streaming response is sent on at once, whatever the interval. Read again
    /// here because a retried attempt's response may not be the one this body was put in front of.
    /// </summary>
    private Mode Decide(int firstWrite)
    {
        var response = _context.Response;
        // The whole body in one piece (most responses) has nothing to wait for: decided before the content type is read.
        if (response.ContentLength is not { } length || firstWrite >= length || IsEventStream(response.ContentType))
        {
            return Mode.Through;
        }

        _contentLength = length;
        _gate = new SemaphoreSlim(1, 1);
        return Mode.Batched;
    }

    /// <summary>The media type without its parameters, compared as Go's mime.ParseMediaType has Traefik compare it.</summary>
    internal static bool IsEventStream(string? contentType)
    {
        const string EventStream = "text/event-stream";
        var type = contentType.AsSpan().Trim();
        if (!type.StartsWith(EventStream, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var rest = type[EventStream.Length..].TrimStart();
        return rest.IsEmpty || rest[0] == ';';
    }

    private async ValueTask WriteBatchedAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken)
    {
        await _gate!.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            _inner.Writer.Write(buffer.Span);
            _held += buffer.Length;
            _written += buffer.Length;
            if (_held >= MaxHeldBytes || _written >= _contentLength)
            {
                await SendHeldLockedAsync(cancellationToken).ConfigureAwait(false);
            }
            else if (!_flushScheduled && _interval > TimeSpan.Zero)
            {
                // Go's maxLatencyWriter: the first piece held sets the deadline, later ones wait with it.
                _flushScheduled = true;
                _timer ??= _time.CreateTimer(static state => ((IntervalFlushingBody)state!).OnTimer(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
                _timer.Change(_interval, Timeout.InfiniteTimeSpan);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    private void OnTimer() => _ = SendHeldOnTimerAsync();

    private async Task SendHeldOnTimerAsync()
    {
        await _gate!.WaitAsync().ConfigureAwait(false);
        try
        {
            if (!_stopped && _flushScheduled)
            {
                await SendHeldLockedAsync(_context.RequestAborted).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or InvalidOperationException)
        {
            // The client went or the response ended: the copy's next write meets the same and reports it.
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task SendHeldAsync(CancellationToken cancellationToken)
    {
        await _gate!.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await SendHeldLockedAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    private async ValueTask SendHeldLockedAsync(CancellationToken cancellationToken)
    {
        _flushScheduled = false;
        _held = 0;
        await _inner.Writer.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    private async ValueTask StopAsync(bool sendHeld)
    {
        if (_gate is null)
        {
            return;
        }

        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            if (_stopped)
            {
                return;
            }

            _stopped = true;
            _timer?.Dispose();
            if (sendHeld && _held > 0)
            {
                await SendHeldLockedAsync(CancellationToken.None).ConfigureAwait(false);
            }
        }
        finally
        {
            _gate.Release();
        }
    }
}
