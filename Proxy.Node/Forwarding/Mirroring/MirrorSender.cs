using Microsoft.Extensions.Logging;
using Proxy.Actors.Model;
using Proxy.Actors.Services.Composite;
using Proxy.Actors.Services.LoadBalancing;
using Yarp.ReverseProxy.Forwarder;

namespace Proxy.Node.Forwarding.Mirroring;

/// <summary>
/// Sends mirrors' copies in the background: never awaited by the client's request, their answers read and
/// thrown away, their failures logged at debug level. At most <see cref="MaxInFlight"/> copies are under way
/// at once, holding at most <paramref name="maxBytesInFlight"/> bytes of bodies together, and each is cut after
/// <c>timeout</c>, so a mirror that hangs costs a bounded amount of work and memory; a copy beyond either limit
/// is dropped, counted and logged.
/// </summary>
/// <param name="requestConfigOf">How a request to a server is sent (its HTTP version), the main requests' own choice.</param>
internal sealed partial class MirrorSender(
    BackendInvokers backends, Func<ServerSnapshot, ForwarderRequestConfig> requestConfigOf, TimeSpan timeout, long maxBytesInFlight, TimeProvider time, ILogger log)
{
    public const int MaxInFlight = 256;

    /// <summary>
    /// A copy's cut when the node's response header timeout sets none (0): the main request may wait on its server for
    /// ever, which is its client's choice, but a hung mirror would keep its copies' places and in time every copy would
    /// be dropped.
    /// </summary>
    public static readonly TimeSpan UnlimitedCut = TimeSpan.FromSeconds(60);

    /// <summary>How long a copy may take: the node's response header timeout, or <see cref="UnlimitedCut"/> where it sets none.</summary>
    public static TimeSpan CutOf(TimeSpan responseHeaderTimeout) =>
        responseHeaderTimeout > TimeSpan.Zero ? responseHeaderTimeout : UnlimitedCut;

    private int _inFlight;
    private long _bytesInFlight;
    private long _dropped;

    /// <summary>Copies dropped because <see cref="MaxInFlight"/> were under way or their bodies held the budget.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Starts one copy of <paramref name="request"/> to <paramref name="copy"/>'s load balancer, with <paramref name="body"/> (null: none).</summary>
    public void Send(MirrorCopy copy, MirrorRequest request, ReadOnlyMemory<byte>? body, RequestRewrite rewrite)
    {
        // The mirror's own strategy picks, as for any request to it; a copy has no client of its own for hrw.
        var server = LoadBalancingPolicy.Pick(copy.Leaf, client: null, time);
        if (server is null)
        {
            LogMirrorFailed(log, copy.Mirror, "no server", request.Method, request.PathAndQuery, "the mirror has no server available");
            return;
        }

        if (Interlocked.Increment(ref _inFlight) > MaxInFlight)
        {
            Interlocked.Decrement(ref _inFlight);
            Drop(copy, $"{MaxInFlight} copies being under way already");
            return;
        }

        // Each copy counts its body, even when copies of one request share it: the budget errs on the safe side.
        long bytes = body?.Length ?? 0;
        if (bytes > 0 && Interlocked.Add(ref _bytesInFlight, bytes) > maxBytesInFlight)
        {
            Interlocked.Add(ref _bytesInFlight, -bytes);
            Interlocked.Decrement(ref _inFlight);
            Drop(copy, $"the copies under way holding {maxBytesInFlight} bytes of bodies already");
            return;
        }

        // The caller's thread is the client's: the copy starts on the pool, and nothing waits for it.
        _ = Task.Run(() => SendAsync(copy, server, request, body, rewrite));
    }

    private void Drop(MirrorCopy copy, string reason)
    {
        var dropped = Interlocked.Increment(ref _dropped);
        if (IsPowerOfTen(dropped))
        {
            LogMirrorDropped(log, copy.Mirror, reason, dropped);
        }
    }

    private async Task SendAsync(MirrorCopy copy, ServerSnapshot server, MirrorRequest request, ReadOnlyMemory<byte>? body, RequestRewrite rewrite)
    {
        try
        {
            using var message = ServerRequest.Create(new HttpMethod(request.Method), server, request.PathAndQuery, requestConfigOf(server));
            if (body is { } bytes)
            {
                message.Content = new ReadOnlyMemoryContent(bytes);
            }

            foreach (var (name, values) in request.Headers)
            {
                if (!message.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values))
                {
                    message.Content?.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values);
                }
            }

            message.Headers.Remove(MirrorRequest.CopyHeader);
            message.Headers.TryAddWithoutValidation(MirrorRequest.CopyHeader, "1");
            message.Headers.Host = copy.Leaf.PassHostHeader && request.Host.Length > 0 ? request.Host : null;
            rewrite.TransformRequest(message);
            using var cut = new CancellationTokenSource(timeout);
            // The server's own pool, through its transport (rootCAs, client certificate, SNI), and counted in flight
            // so that p2c and leasttime see the copies a server also carries.
            server.Counters.Started();
            try
            {
                using var lease = backends.Rent(server);
                using var response = await lease.Invoker.SendAsync(message, cut.Token).ConfigureAwait(false);
                // Read to the end so the connection goes back to the pool; the mirror's answer is nobody's business.
                await response.Content.CopyToAsync(Stream.Null, cut.Token).ConfigureAwait(false);
            }
            finally
            {
                server.Counters.Finished();
            }
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException or IOException)
        {
            LogMirrorFailed(log, copy.Mirror, server.Url, request.Method, request.PathAndQuery, e.Message);
        }
        finally
        {
            Interlocked.Add(ref _bytesInFlight, -(body?.Length ?? 0));
            Interlocked.Decrement(ref _inFlight);
        }
    }

    private static bool IsPowerOfTen(long n)
    {
        while (n % 10 == 0)
        {
            n /= 10;
        }

        return n == 1;
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Mirror {Mirror} ({Server}): the copy of {Method} {Path} failed, which the client never sees: {Reason}")]
    private static partial void LogMirrorFailed(ILogger logger, string mirror, string server, string method, string path, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Mirror {Mirror}: a copy was dropped, {Reason} (a mirror slow or hanging); {Dropped} dropped so far")]
    private static partial void LogMirrorDropped(ILogger logger, string mirror, string reason, long dropped);
}
