namespace Proxy.Node.Forwarding;

/// <summary>
/// Wraps a request body on its way to the server and remembers two things: whether anything was
/// read from it (if a connection failed before a byte was consumed, the body can still be sent
/// elsewhere), and whether the proxy was waiting on the client when the copy stopped (a timeout
/// then is the client's, which stopped sending, not the server's).
/// </summary>
internal sealed class ReadTrackingStream(Stream inner) : Stream
{
    private volatile bool _reading;

    public bool AnyRead { get; private set; }

    /// <summary>A read from the client had begun and never completed: it was pending, cancelled or failed.</summary>
    public bool WaitingOnClient => _reading;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => inner.Length;

    public override long Position
    {
        get => inner.Position;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count)
    {
        _reading = true;
        return Track(inner.Read(buffer, offset, count));
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        // Left set when the read throws: the copy stopped while it waited on the client.
        _reading = true;
        return Track(await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false));
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    private int Track(int read)
    {
        _reading = false;
        if (read > 0)
        {
            AnyRead = true;
        }

        return read;
    }
}
