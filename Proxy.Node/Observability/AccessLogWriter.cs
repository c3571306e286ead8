using System.Buffers;
using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Proxy.Node.Hosting;

namespace Proxy.Node.Observability;

/// <summary>
/// The access log, off the request path: a request only offers its record to a bounded channel,
/// and one background loop formats and writes the lines in batches, at most every
/// <see cref="BatchInterval"/>. When
/// the channel is full the line is dropped and counted (proxy_accesslog_dropped_total, and a
/// warning at shutdown) rather than making a request wait on the disk.
/// As a hosted service registered before the web server, it stops after Kestrel has drained the
/// requests in flight, so their lines are written and flushed before the process exits.
/// </summary>
public sealed partial class AccessLogWriter : IRequestObserver, IHostedService, IAsyncDisposable
{
    public const int Capacity = 16 * 1024;

    /// <summary>
    /// How long the writer lets lines gather after a write. Waking for every request (the reader
    /// waiting on an empty channel is woken by each record) and writing each line on its own cost a
    /// thread-pool dispatch and a syscall per request: with the access log on, a loaded node kept
    /// 0.87-0.90x of its throughput. A line reaches the file at most this late; at shutdown the rest
    /// is written at once.
    /// </summary>
    public static readonly TimeSpan BatchInterval = TimeSpan.FromMilliseconds(50);

    private readonly Channel<RequestRecord> _channel = Channel.CreateBounded<RequestRecord>(
        new BoundedChannelOptions(Capacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });

    private readonly AccessLogSettings _settings;
    private readonly Action? _dropped;
    private readonly ILogger _log;
    private Stream? _output;
    private Task? _loop;
    private long _droppedCount;

    /// <summary>Completed by <see cref="Reopen"/>; the write loop replaces it when it reopens the file.</summary>
    private TaskCompletionSource _reopen = NewReopenSignal();

    public AccessLogWriter(AccessLogSettings settings, Action? dropped, ILogger<AccessLogWriter> log)
    {
        _settings = settings;
        _dropped = dropped;
        _log = log;
    }

    public long Dropped => Interlocked.Read(ref _droppedCount);

    /// <summary>The file the log goes to, or null for standard output.</summary>
    public string? FilePath => _settings.FilePath;

    /// <summary>
    /// Asks the writer to close the log file and open it again at its configured path (SIGUSR1,
    /// as logrotate's postrotate sends it): lines after the rotation go to the new file. The write
    /// loop does it between batches, so no line is split between the files or lost.
    /// </summary>
    public void Reopen() => Volatile.Read(ref _reopen).TrySetResult();

    public void Observe(in RequestRecord record)
    {
        // TryWrite on a full channel (or one completed at shutdown) returns false at once.
        if (!_channel.Writer.TryWrite(record))
        {
            Interlocked.Increment(ref _droppedCount);
            _dropped?.Invoke();
        }
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _output = _settings.FilePath is { } path ? OpenFile(path) : Console.OpenStandardOutput();
        _loop = Task.Run(WriteLoopAsync, CancellationToken.None);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _channel.Writer.TryComplete();
        if (_loop is not null)
        {
            await _loop.WaitAsync(cancellationToken).ConfigureAwait(false);
        }

        if (Dropped > 0)
        {
            LogDropped(_log, Dropped);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _channel.Writer.TryComplete();
        if (_loop is not null)
        {
            await _loop.ConfigureAwait(false);
        }

        if (_output is not null && _settings.FilePath is not null)
        {
            await _output.DisposeAsync().ConfigureAwait(false);
        }
    }

    private async Task WriteLoopAsync()
    {
        var reader = _channel.Reader;
        var buffer = new ArrayBufferWriter<byte>(64 * 1024);
        long count = 0;
        // Kept across turns of the loop: a reopen request wakes the loop without losing the wait.
        Task<bool>? waiting = null;
        try
        {
            while (true)
            {
                var reopen = Volatile.Read(ref _reopen).Task;
                waiting ??= reader.WaitToReadAsync().AsTask();
                if (!waiting.IsCompleted && !reopen.IsCompleted)
                {
                    await Task.WhenAny(waiting, reopen).ConfigureAwait(false);
                }

                if (reopen.IsCompleted)
                {
                    Interlocked.Exchange(ref _reopen, NewReopenSignal());
                    await ReopenOutputAsync().ConfigureAwait(false);
                }

                if (!waiting.IsCompleted)
                {
                    continue;
                }

                if (!await waiting.ConfigureAwait(false))
                {
                    break;
                }

                waiting = null;
                while (reader.TryRead(out var record))
                {
                    AccessLogFormatter.Write(buffer, _settings.Format, record, ++count);
                    if (buffer.WrittenCount >= 60 * 1024)
                    {
                        await WriteOutAsync(buffer).ConfigureAwait(false);
                    }
                }

                await WriteOutAsync(buffer).ConfigureAwait(false);
                await _output!.FlushAsync().ConfigureAwait(false);
                if (!reader.Completion.IsCompleted)
                {
                    // Shutdown completes the channel; the last batch then waits at most this long.
                    await Task.Delay(BatchInterval).ConfigureAwait(false);
                }
            }

            await _output!.FlushAsync().ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
            LogWriteFailed(_log, _settings.FilePath ?? "stdout", e.Message);
        }
    }

    private async Task ReopenOutputAsync()
    {
        if (_settings.FilePath is not { } path)
        {
            return;
        }

        FileStream reopened;
        try
        {
            reopened = OpenFile(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The old file stays open: lines keep going somewhere rather than nowhere.
            LogReopenFailed(_log, path, e.Message);
            return;
        }

        var previous = _output!;
        _output = reopened;
        await previous.DisposeAsync().ConfigureAwait(false);
        LogReopened(_log, path);
    }

    private static FileStream OpenFile(string path) =>
        new(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite, bufferSize: 1, FileOptions.None);

    private static TaskCompletionSource NewReopenSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private async ValueTask WriteOutAsync(ArrayBufferWriter<byte> buffer)
    {
        if (buffer.WrittenCount > 0)
        {
            await _output!.WriteAsync(buffer.WrittenMemory).ConfigureAwait(false);
            buffer.ResetWrittenCount();
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Access log: {Count} lines dropped because the writer fell behind")]
    private static partial void LogDropped(ILogger logger, long count);

    [LoggerMessage(Level = LogLevel.Information, Message = "Access log: reopened {Path}")]
    private static partial void LogReopened(ILogger logger, string path);

    [LoggerMessage(Level = LogLevel.Error, Message = "Access log: cannot reopen {Path}, lines keep going to the file opened before: {Reason}")]
    private static partial void LogReopenFailed(ILogger logger, string path, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Access log: writing to {Target} failed, no more lines are written: {Reason}")]
    private static partial void LogWriteFailed(ILogger logger, string target, string reason);
}
