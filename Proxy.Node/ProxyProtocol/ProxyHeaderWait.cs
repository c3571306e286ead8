using System.IO.Pipelines;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Connections.Features;

namespace Proxy.Node.ProxyProtocol;

/// <summary>
/// The reads of a connection's PROXY header under two deadlines: the first byte within the idle time any
/// silent connection gets, then the whole header within <see cref="ProxyProtocolMiddleware.HeaderTimeout"/>
/// of that first byte, so that a peer dribbling a header byte by byte cannot hold the connection. Kestrel's
/// heartbeat (once a second) checks them, as it checks its own timeouts, without a timer per connection;
/// the node stopping ends the wait at once. Each ends the pending read by cancelling it, and only while the
/// wait is on: a cancellation left pending would end the next reader's first read instead.
/// </summary>
internal sealed class ProxyHeaderWait : IDisposable
{
    private const int Waiting = 0;
    private const int Done = 1;
    private const int Ended = 2;

    private readonly PipeReader _input;
    private readonly TimeProvider _time;
    private readonly TimeSpan _headerTimeout;
    private readonly CancellationTokenRegistration _closing;
    private readonly ITimer? _timer;
    private long _deadline;
    private int _state;
    private bool _started;

    public ProxyHeaderWait(ConnectionContext connection, TimeSpan firstByteTimeout, TimeSpan headerTimeout, TimeProvider time)
    {
        _input = connection.Transport.Input;
        _time = time;
        _headerTimeout = headerTimeout;
        _deadline = DeadlineAfter(firstByteTimeout);
        if (connection.Features.Get<IConnectionHeartbeatFeature>() is { } heartbeat)
        {
            heartbeat.OnHeartbeat(static state => ((ProxyHeaderWait)state).Tick(), this);
        }
        else
        {
            // A transport without Kestrel's heartbeat (none in production): a timer on the same one-second beat.
            _timer = time.CreateTimer(static state => ((ProxyHeaderWait)state!).Tick(), this, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
        }

        if (connection.Features.Get<IConnectionLifetimeNotificationFeature>() is { } lifetime)
        {
            _closing = lifetime.ConnectionClosedRequested.UnsafeRegister(static state => ((ProxyHeaderWait)state!).End(), this);
        }
    }

    /// <summary>Whether a deadline or the node's stop ended the wait.</summary>
    public bool TimedOut => Volatile.Read(ref _state) == Ended;

    /// <summary>Whether the peer sent a first byte: a header was begun.</summary>
    public bool Started => _started;

    /// <summary>The next read, or null when a deadline passed or the connection is closing.</summary>
    public async ValueTask<ReadResult?> ReadAsync()
    {
        var read = await _input.ReadAsync().ConfigureAwait(false);
        if (read.IsCanceled || Volatile.Read(ref _state) == Ended)
        {
            _input.AdvanceTo(read.Buffer.Start);
            return null;
        }

        if (!_started && !read.Buffer.IsEmpty)
        {
            // From the first byte on, the header has its own, shorter time.
            _started = true;
            Volatile.Write(ref _deadline, DeadlineAfter(_headerTimeout));
        }

        return read;
    }

    /// <summary>Ends the wait before handing the connection on; false when a deadline ended it first.</summary>
    public bool Finish() => Interlocked.CompareExchange(ref _state, Done, Waiting) == Waiting;

    public void Dispose()
    {
        _closing.Dispose();
        _timer?.Dispose();
    }

    private long DeadlineAfter(TimeSpan limit) => _time.GetTimestamp() + (long)(limit.TotalSeconds * _time.TimestampFrequency);

    private void Tick()
    {
        // Called each second for the connection's whole life: after the wait, one read of the state.
        if (Volatile.Read(ref _state) == Waiting && _time.GetTimestamp() >= Volatile.Read(ref _deadline))
        {
            End();
        }
    }

    private void End()
    {
        if (Interlocked.CompareExchange(ref _state, Ended, Waiting) == Waiting)
        {
            _input.CancelPendingRead();
        }
    }
}
