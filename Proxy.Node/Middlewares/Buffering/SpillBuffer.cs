namespace Proxy.Node.Middlewares.Buffering;

/// <summary>
/// A body held whole: in memory up to <c>memoryLimit</c> bytes, then in a temporary file that only this
/// process can read and that is deleted when the buffer is disposed, whichever way the request ends.
/// Written first, then rewound and read. Refuses to grow past <c>maxLength</c> (0: no limit): the write
/// that would pass it throws <see cref="BodyTooLargeException"/> once, so that a copy stops there, and
/// later writes are dropped, so that an error answer written after it cannot fail again.
/// </summary>
internal sealed class SpillBuffer(long memoryLimit, long maxLength, string directory) : Stream
{
    /// <summary>The prefix of the temporary files, so that an operator can tell them from others.</summary>
    public const string FilePrefix = "proxy-buffer-";

    private MemoryStream? _memory = new();
    private FileStream? _file;

    /// <summary>Whether a write went past the limit; what was written is then incomplete.</summary>
    public bool Overflowed { get; private set; }

    /// <summary>The temporary file's path once the body outgrew memory; null while it is in memory.</summary>
    public string? FilePath => _file?.Name;

    public override bool CanRead => true;

    public override bool CanSeek => true;

    public override bool CanWrite => true;

    public override long Length => Current.Length;

    public override long Position
    {
        get => Current.Position;
        set => Current.Position = value;
    }

    private Stream Current => (Stream?)_file ?? _memory ?? throw new ObjectDisposedException(nameof(SpillBuffer));

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        if (Admit(buffer.Length))
        {
            if (NeedsFile(buffer.Length))
            {
                SpillToFile();
            }

            Current.Write(buffer);
        }
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (Admit(buffer.Length))
        {
            if (NeedsFile(buffer.Length))
            {
                await SpillToFileAsync(cancellationToken).ConfigureAwait(false);
            }

            await Current.WriteAsync(buffer, cancellationToken).ConfigureAwait(false);
        }
    }

    public override int Read(byte[] buffer, int offset, int count) => Current.Read(buffer, offset, count);

    public override int Read(Span<byte> buffer) => Current.Read(buffer);

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        Current.ReadAsync(buffer, offset, count, cancellationToken);

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        Current.ReadAsync(buffer, cancellationToken);

    public override long Seek(long offset, SeekOrigin origin) => Current.Seek(offset, origin);

    /// <summary>Truncating is how a response is cleared before an error answer replaces it.</summary>
    public override void SetLength(long value) => Current.SetLength(value);

    public override void Flush() => Current.Flush();

    public override Task FlushAsync(CancellationToken cancellationToken) => Current.FlushAsync(cancellationToken);

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _memory?.Dispose();
            _file?.Dispose();
            _memory = null;
            _file = null;
        }

        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        _memory?.Dispose();
        if (_file is not null)
        {
            await _file.DisposeAsync().ConfigureAwait(false);
        }

        _memory = null;
        _file = null;
        await base.DisposeAsync().ConfigureAwait(false);
    }

    private bool Admit(int count)
    {
        if (Overflowed)
        {
            return false;
        }

        if (maxLength > 0 && Current.Position + count > maxLength)
        {
            Overflowed = true;
            throw new BodyTooLargeException(maxLength);
        }

        return true;
    }

    private bool NeedsFile(int count) => _file is null && _memory!.Position + count > memoryLimit;

    private void SpillToFile()
    {
        var file = OpenFile();
        _memory!.WriteTo(file);
        _memory.Dispose();
        _memory = null;
        _file = file;
    }

    private async Task SpillToFileAsync(CancellationToken cancellationToken)
    {
        var file = OpenFile();
        await file.WriteAsync(_memory!.GetBuffer().AsMemory(0, (int)_memory.Length), cancellationToken).ConfigureAwait(false);
        await _memory.DisposeAsync().ConfigureAwait(false);
        _memory = null;
        _file = file;
    }

    // Owner-only, since bodies carry credentials and personal data; deleted by the OS handle's close,
    // so an exception anywhere between here and the end of the request cannot leave it behind.
    private FileStream OpenFile()
    {
        var options = new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.ReadWrite,
            Share = FileShare.None,
            Options = FileOptions.DeleteOnClose | FileOptions.Asynchronous,
        };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        return new FileStream(Path.Combine(directory, $"{FilePrefix}{Guid.NewGuid():N}.tmp"), options);
    }
}
