using System.Buffers;
using System.IO.Pipelines;
using System.Net;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Logging;

namespace Proxy.Node.ProxyProtocol;

/// <summary>
/// The PROXY protocol on one entry point, as a Kestrel connection middleware placed before the TLS sniff: the
/// header comes before anything else, TLS included. A header from a trusted peer replaces the connection's
/// remote end point, which Kestrel hands to every request (access log, ClientIP, X-Forwarded-For, allow-lists,
/// limits); an untrusted peer's header is read and dropped, as Traefik's listener ignores it, so no peer can
/// claim another's address. A connection without a header passes unchanged, from any peer (Traefik's too).
/// A malformed header, or one not complete in time, closes the connection.
/// </summary>
public sealed class ProxyProtocolMiddleware
{
    /// <summary>How long a header may take from its first byte: a load balancer writes it whole at once.</summary>
    public static readonly TimeSpan HeaderTimeout = TimeSpan.FromSeconds(10);

    private readonly string _entryPoint;
    private readonly ProxyProtocolSettings _settings;
    private readonly TimeSpan _firstByteTimeout;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly ProxyProtocolLogLimiter _malformed;
    private readonly ProxyProtocolLogLimiter _slow;
    private readonly ProxyProtocolLogLimiter _untrusted;

    private ProxyProtocolMiddleware(string entryPoint, ProxyProtocolSettings settings, TimeSpan firstByteTimeout, ILogger logger, TimeProvider time)
    {
        _entryPoint = entryPoint;
        _settings = settings;
        _firstByteTimeout = firstByteTimeout;
        _logger = logger;
        _time = time;
        _malformed = new ProxyProtocolLogLimiter(time);
        _slow = new ProxyProtocolLogLimiter(time);
        _untrusted = new ProxyProtocolLogLimiter(time);
    }

    /// <summary>
    /// Adds the middleware to <paramref name="listen"/>; call it before the listener's other middlewares, so
    /// that it runs first. <paramref name="firstByteTimeout"/> is the idle time a silent connection gets.
    /// </summary>
    public static void Use(ListenOptions listen, string entryPoint, ProxyProtocolSettings settings, TimeSpan firstByteTimeout, ILogger logger, TimeProvider time)
    {
        ProxyProtocolLog.Enabled(logger, entryPoint, settings.Insecure ? "every peer (insecure)" : settings.TrustedNetworks.IsEmpty ? "no peer" : string.Join(", ", settings.TrustedNetworks));
        var middleware = new ProxyProtocolMiddleware(entryPoint, settings, firstByteTimeout, logger, time);
        listen.Use(next => connection => middleware.InvokeAsync(connection, next));
    }

    private async Task InvokeAsync(ConnectionContext connection, ConnectionDelegate next)
    {
        var peer = connection.RemoteEndPoint as IPEndPoint;
        var header = await ReadHeaderAsync(connection, peer).ConfigureAwait(false);
        if (header is null)
        {
            return;
        }

        if (header.Source is { } source)
        {
            if (_settings.Trusts(peer?.Address is { IsIPv4MappedToIPv6: true } mapped ? mapped.MapToIPv4() : peer?.Address))
            {
                connection.RemoteEndPoint = source;
            }
            else if (_untrusted.ShouldLog(out var suppressed))
            {
                ProxyProtocolLog.Untrusted(_logger, _entryPoint, peer, suppressed);
            }
        }

        await next(connection).ConfigureAwait(false);
    }

    /// <summary>The header read and consumed (a parsed or absent one), or null when the connection is to be closed.</summary>
    private async Task<ProxyHeader?> ReadHeaderAsync(ConnectionContext connection, IPEndPoint? peer)
    {
        var input = connection.Transport.Input;
        using var wait = new ProxyHeaderWait(connection, _firstByteTimeout, HeaderTimeout, _time);
        try
        {
            while (true)
            {
                if (await wait.ReadAsync().ConfigureAwait(false) is not { } read)
                {
                    return Closed(wait, peer);
                }

                var buffer = read.Buffer;
                var header = Parse(buffer);
                switch (header.Status)
                {
                    case ProxyHeaderStatus.Incomplete when read.IsCompleted:
                        // The peer left before its header was whole (or before saying anything): nothing to answer.
                        input.AdvanceTo(buffer.Start);
                        return null;
                    case ProxyHeaderStatus.Incomplete:
                        // Examined to the end: the next read waits for more bytes.
                        input.AdvanceTo(buffer.Start, buffer.End);
                        continue;
                    case ProxyHeaderStatus.Invalid:
                        input.AdvanceTo(buffer.Start);
                        if (_malformed.ShouldLog(out var suppressed))
                        {
                            ProxyProtocolLog.Malformed(_logger, _entryPoint, peer, header.Error!, suppressed);
                        }

                        return null;
                    case ProxyHeaderStatus.Absent:
                        // Nothing consumed nor examined: the next reader gets these bytes at once.
                        input.AdvanceTo(buffer.Start);
                        return wait.Finish() ? header : Closed(wait, peer);
                    default:
                        input.AdvanceTo(buffer.GetPosition(header.Length));
                        return wait.Finish() ? header : Closed(wait, peer);
                }
            }
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException)
        {
            // A reset or an abort before the header was whole: any client can cause them, and Kestrel would
            // log each one as an unhandled error.
            return null;
        }
    }

    private ProxyHeader? Closed(ProxyHeaderWait wait, IPEndPoint? peer)
    {
        // A silent connection closed after the idle time is routine, as Kestrel closes it quietly; a header
        // begun and not finished is a slow peer worth a line.
        if (wait.TimedOut && wait.Started && _slow.ShouldLog(out var suppressed))
        {
            ProxyProtocolLog.Slow(_logger, _entryPoint, peer, HeaderTimeout, suppressed);
        }

        return null;
    }

    private static ProxyHeader Parse(ReadOnlySequence<byte> buffer)
    {
        var bytes = buffer.Length > ProxyHeaderParser.MaxLength ? buffer.Slice(0, ProxyHeaderParser.MaxLength) : buffer;
        return bytes.IsSingleSegment ? ProxyHeaderParser.Parse(bytes.FirstSpan) : ProxyHeaderParser.Parse(bytes.ToArray());
    }
}
