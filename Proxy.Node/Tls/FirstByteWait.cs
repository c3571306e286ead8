using System.IO.Pipelines;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Connections.Features;

namespace Proxy.Node.Tls;

/// <summary>
/// The wait for a new connection's first bytes without a timer or a token source per connection: Kestrel's
/// heartbeat (once a second, the clock its own idle timeouts run on) ends it after the deadline, and the
/// connection's close request (the node stopping) ends it at once. Either cancels the pipe's pending read,
/// and only while the wait is still on: a cancellation left pending would end HTTP's first read instead.
/// </summary>
internal sealed class FirstByteWait
{
    private const int Waiting = 0;
    private const int Done = 1;
    private const int Ended = 2;

    private readonly PipeReader _input;
    private readonly TimeProvider _time;
    private readonly long _deadline;
    private int _state;

    private FirstByteWait(PipeReader input, TimeProvider time, TimeSpan limit)
    {
        _input = input;
        _time = time;
        _deadline = time.GetTimestamp() + (long)(limit.TotalSeconds * time.TimestampFrequency);
    }

    /// <summary>The first read's result, or null when the deadline passed or the connection is closing first.</summary>
    public static async ValueTask<ReadResult?> ReadAsync(ConnectionContext connection, PipeReader input, TimeSpan limit, TimeProvider time)
    {
        if (input.TryRead(out var ready))
        {
            return ready;
        }

        if (connection.Features.Get<IConnectionHeartbeatFeature>() is not { } heartbeat)
        {
            return await WithTokenAsync(connection, input, limit).ConfigureAwait(false);
        }

        var wait = new FirstByteWait(input, time, limit);
        heartbeat.OnHeartbeat(static state => ((FirstByteWait)state).Tick(), wait);
        using var closing = connection.Features.Get<IConnectionLifetimeNotificationFeature>() is { } lifetime
            ? lifetime.ConnectionClosedRequested.UnsafeRegister(static state => ((FirstByteWait)state!).End(), wait)
            : default;
        var read = await input.ReadAsync().ConfigureAwait(false);
        if (Interlocked.CompareExchange(ref wait._state, Done, Waiting) == Waiting)
        {
            return read;
        }

        input.AdvanceTo(read.Buffer.Start);
        return null;
    }

    /// <summary>For a transport without Kestrel's heartbeat: a token source with a timer.</summary>
    private static async ValueTask<ReadResult?> WithTokenAsync(ConnectionContext connection, PipeReader input, TimeSpan limit)
    {
        using var idle = connection.Features.Get<IConnectionLifetimeNotificationFeature>() is { } lifetime
            ? CancellationTokenSource.CreateLinkedTokenSource(lifetime.ConnectionClosedRequested)
            : new CancellationTokenSource();
        idle.CancelAfter(limit);
        try
        {
            return await input.ReadAsync(idle.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (idle.IsCancellationRequested)
        {
            return null;
        }
    }

    private void Tick()
    {
        // Called each second for the connection's whole life: after the wait, one read of the state.
        if (Volatile.Read(ref _state) == Waiting && _time.GetTimestamp() >= _deadline)
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
