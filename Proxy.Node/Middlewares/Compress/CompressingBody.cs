using System.Buffers;
using System.IO.Pipelines;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Net.Http.Headers;
using Proxy.Node.Forwarding;

namespace Proxy.Node.Middlewares.Compress;

/// <summary>
/// The response body while compress stands in front of it: the forwarding copies the server's headers, then
/// writes the body here, and the first write decides from those headers. A body that declares its length is
/// compressed or not by that length, with nothing held back. A body of unknown length is held until it reaches
/// the minimum size, or until the server pauses (no write for <see cref="Pause"/>): a stream or a long poll is
/// then compressed from there on rather than kept waiting. Once compressing, every write is flushed through the
/// encoder, so the client gets what the server sent as soon as it sent it.
/// One object is both the feature and the stream; a lock keeps the pause timer and the writes apart.
/// </summary>
internal sealed class CompressingBody : Stream, IHttpResponseBodyFeature
{
    /// <summary>How long a body of unknown length under the minimum may wait for more before it goes out.</summary>
    public static readonly TimeSpan Pause = TimeSpan.FromMilliseconds(20);

    private readonly HttpContext _context;
    private readonly IHttpResponseBodyFeature _inner;
    private readonly string _encoding;
    private readonly CompressPolicy _policy;
    private readonly TimeProvider _time;
    private readonly RequestTrace? _trace;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private State _state;
    private byte[]? _pending;
    private int _pendingLength;
    private long _received;
    private CountingStream? _counted;
    private Stream? _encoder;
    private ITimer? _timer;
    private PipeWriter? _writer;

    public CompressingBody(HttpContext context, IHttpResponseBodyFeature inner, string encoding, CompressPolicy policy, TimeProvider time, RequestTrace? trace)
    {
        _context = context;
        _inner = inner;
        _encoding = encoding;
        _policy = policy;
        _time = time;
        _trace = trace;
    }

    private enum State
    {
        Undecided,
        Plain,
        Compressing,
        Finished,
    }

    /// <summary>Whether the body went out compressed.</summary>
    public bool Compressed => _counted is not null;

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

    public void DisableBuffering() => _inner.DisableBuffering();

    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_state == State.Undecided)
            {
                // Started before any body: a stream whose size nobody knows yet, unless it says.
                Decide(streaming: true);
            }
        }
        finally
        {
            _gate.Release();
        }

        await _inner.StartAsync(cancellationToken).ConfigureAwait(false);
    }

    public Task SendFileAsync(string path, long offset, long? count, CancellationToken cancellationToken = default) =>
        SendFileFallback.SendFileAsync(this, path, offset, count, cancellationToken);

    public async Task CompleteAsync()
    {
        await FinishAsync().ConfigureAwait(false);
        await _inner.CompleteAsync().ConfigureAwait(false);
    }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            _received += buffer.Length;
            if (_state == State.Undecided)
            {
                if (!Hold(buffer))
                {
                    return;
                }

                if (_pendingLength > 0)
                {
                    // Enough to compress: what was held goes first.
                    await _encoder!.WriteAsync(_pending.AsMemory(0, _pendingLength), cancellationToken).ConfigureAwait(false);
                    _pendingLength = 0;
                }
            }

            if (_state == State.Compressing)
            {
                await _encoder!.WriteAsync(buffer, cancellationToken).ConfigureAwait(false);
                await _encoder.FlushAsync(cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await _inner.Stream.WriteAsync(buffer, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Write(byte[] buffer, int offset, int count) =>
        WriteAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override async Task FlushAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // An explicit flush is the server saying "send what you have", like a pause.
            await SendPendingAsync(cancellationToken).ConfigureAwait(false);
            if (_state == State.Compressing)
            {
                await _encoder!.FlushAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            _gate.Release();
        }

        await _inner.Stream.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    public override void Flush() => FlushAsync(CancellationToken.None).GetAwaiter().GetResult();

    /// <summary>
    /// Ends the body: what is still held goes out as it is (it never reached the minimum), or the encoder
    /// writes its last block. Then the access log learns both sizes of a compressed body.
    /// </summary>
    public async Task FinishAsync()
    {
        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            StopTimer();
            if (_state == State.Undecided)
            {
                _state = State.Plain;
                if (_pendingLength > 0)
                {
                    await _inner.Stream.WriteAsync(_pending.AsMemory(0, _pendingLength)).ConfigureAwait(false);
                }
            }
            else if (_state == State.Compressing)
            {
                await _encoder!.DisposeAsync().ConfigureAwait(false);
                _encoder = null;
            }

            _state = State.Finished;
            if (_counted is not null && _trace is not null)
            {
                _trace.RewrittenBody = (_received, _counted.Bytes);
            }
        }
        finally
        {
            ReturnPending();
            _gate.Release();
        }
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            StopTimer();
            // Only reached without FinishAsync when the request failed: the encoder's last block is not wanted.
            try
            {
                _encoder?.Dispose();
            }
            catch (Exception e) when (e is IOException or ObjectDisposedException or InvalidOperationException or OperationCanceledException)
            {
                // The client is gone; there is nobody to send the rest to.
            }

            _encoder = null;
            ReturnPending();
        }

        base.Dispose(disposing);
    }

    /// <summary>
    /// The first write(s) of a body not yet decided: decides when the headers or the size allow, else holds the
    /// bytes. Returns whether <paramref name="buffer"/> is still to be written (false: held).
    /// </summary>
    private bool Hold(ReadOnlyMemory<byte> buffer)
    {
        if (_pendingLength == 0 && Decide(streaming: false))
        {
            return true;
        }

        if (_pendingLength + buffer.Length < _policy.MinBytes)
        {
            _pending ??= ArrayPool<byte>.Shared.Rent(_policy.MinBytes);
            buffer.CopyTo(_pending.AsMemory(_pendingLength));
            _pendingLength += buffer.Length;
            ArmTimer();
            return false;
        }

        // Enough to compress; the caller writes what was held, then this.
        StopTimer();
        StartCompressing();
        return true;
    }

    /// <summary>
    /// Decides from the headers alone when they suffice; returns whether it decided. A body of unknown length the
    /// policy allows stays undecided unless <paramref name="streaming"/> (started or flushed before its size is known).
    /// </summary>
    private bool Decide(bool streaming)
    {
        var response = _context.Response;
        if (!_policy.Allows(response))
        {
            _state = State.Plain;
            return true;
        }

        if (response.ContentLength is { } length)
        {
            if (length >= _policy.MinBytes)
            {
                StartCompressing();
            }
            else
            {
                _state = State.Plain;
            }

            return true;
        }

        if (streaming)
        {
            StartCompressing();
            return true;
        }

        return false;
    }

    private void StartCompressing()
    {
        var headers = _context.Response.Headers;
        headers.ContentLength = null;
        headers.ContentEncoding = _encoding;
        // A range of the encoded body would be a range of bytes the server never had.
        headers.Remove(HeaderNames.AcceptRanges);
        if (!VaryNames(headers.Vary).Any(v => v == "*" || v.Equals(HeaderNames.AcceptEncoding, StringComparison.OrdinalIgnoreCase)))
        {
            headers.Append(HeaderNames.Vary, HeaderNames.AcceptEncoding);
        }

        _counted = new CountingStream(_inner.Stream);
        _encoder = BodyEncoders.Create(_encoding, _counted);
        _state = State.Compressing;
    }

    private static IEnumerable<string> VaryNames(Microsoft.Extensions.Primitives.StringValues vary) =>
        vary.SelectMany(line => (line ?? string.Empty).Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries));

    /// <summary>Held bytes go out now, compressed (the body is a stream that paused) if the policy allows.</summary>
    private async Task SendPendingAsync(CancellationToken cancellationToken)
    {
        if (_state != State.Undecided || _pendingLength == 0)
        {
            return;
        }

        StopTimer();
        Decide(streaming: true);
        var held = _pending.AsMemory(0, _pendingLength);
        if (_state == State.Compressing)
        {
            await _encoder!.WriteAsync(held, cancellationToken).ConfigureAwait(false);
            await _encoder.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await _inner.Stream.WriteAsync(held, cancellationToken).ConfigureAwait(false);
        }

        _pendingLength = 0;
        await _inner.Stream.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    private void ArmTimer() =>
        _timer ??= _time.CreateTimer(static state => _ = ((CompressingBody)state!).OnPauseAsync(), this, Pause, Timeout.InfiniteTimeSpan);

    private async Task OnPauseAsync()
    {
        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            await SendPendingAsync(_context.RequestAborted).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException or InvalidOperationException)
        {
            // The client went: the forwarding's next write fails the same way and ends the request.
        }
        finally
        {
            _gate.Release();
        }
    }

    private void StopTimer()
    {
        _timer?.Dispose();
        _timer = null;
    }

    private void ReturnPending()
    {
        if (_pending is not null)
        {
            ArrayPool<byte>.Shared.Return(_pending);
            _pending = null;
            _pendingLength = 0;
        }
    }
}
