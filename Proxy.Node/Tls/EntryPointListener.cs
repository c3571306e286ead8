using System.Buffers;
using System.IO.Pipelines;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Proxy.Actors.Tls;

namespace Proxy.Node.Tls;

/// <summary>
/// One entry point's port for TLS and plain connections alike, as Traefik's: the first byte decides (a
/// TLS record starts with 0x16, the handshake type; no HTTP method does). Kestrel composes a listener's
/// connection middlewares in reverse order, so the one added after <c>UseHttps</c> is handed the HTTP
/// pipeline as its next and the one added before is handed TLS-then-HTTP: the first sends a plain
/// connection straight to the former, past the TLS middleware, and it pays only the peek.
/// </summary>
internal static class EntryPointListener
{
    public static void Configure(
        ListenOptions listen, string entryPoint, TlsHandshake handshake, CertificateCell certificates, EntryPointTlsTimeouts timeouts, TimeProvider time)
    {
        // Set when Kestrel builds the pipeline, which it does from the last middleware to the first: before
        // the first one's delegate can run.
        ConnectionDelegate? http = null;
        listen.Use(tlsThenHttp => connection => SniffAsync(connection, tlsThenHttp, http!, certificates, timeouts, time));
        listen.UseHttps(new TlsHandshakeCallbackOptions
        {
            OnConnection = handshake.OptionsAsync,
            OnConnectionState = entryPoint,
            HandshakeTimeout = timeouts.Handshake,
        });
        listen.Use(next =>
        {
            http = next;
            return AfterHandshake(next);
        });
    }

    /// <summary>A TLS-ALPN-01 connection proved the certificate in its handshake and ends there: it never reaches HTTP.</summary>
    private static ConnectionDelegate AfterHandshake(ConnectionDelegate http) => connection =>
        connection.Features.Get<ITlsApplicationProtocolFeature>() is { } alpn && alpn.ApplicationProtocol.Span.SequenceEqual(AcmeTlsOffered.Protocol)
            ? Task.CompletedTask
            : http(connection);

    private static async Task SniffAsync(
        ConnectionContext connection, ConnectionDelegate tlsThenHttp, ConnectionDelegate http, CertificateCell certificates, EntryPointTlsTimeouts timeouts, TimeProvider time)
    {
        var input = connection.Transport.Input;
        ReadResult read;
        try
        {
            // A client that says nothing is closed after the time Kestrel gives an idle connection, as before
            // this peek existed, or at once when the node stops, as Kestrel closes an idle HTTP connection then.
            if (await FirstByteWait.ReadAsync(connection, input, timeouts.FirstByte, time).ConfigureAwait(false) is not { } first)
            {
                return;
            }

            read = first;
        }
        catch (Exception e) when (IsClientGone(e))
        {
            // The client reset or closed the connection, or said nothing in time: nothing for HTTP to answer,
            // and nothing for the log either, as Kestrel logs a reset at debug only.
            return;
        }

        var buffer = read.Buffer;
        if (buffer.IsEmpty)
        {
            input.AdvanceTo(buffer.Start);
            return;
        }

        var tls = buffer.FirstSpan[0] == 0x16;
        // Nothing consumed nor examined: the next reader gets these bytes at once.
        input.AdvanceTo(buffer.Start);
        if (!tls)
        {
            await http(connection).ConfigureAwait(false);
            return;
        }

        // The ClientHello is read for its ALPN only while a TLS-ALPN-01 challenge is pending.
        if (!certificates.Current.AlpnChallenges.IsEmpty
            && await OffersAcmeTlsAsync(input, timeouts.Handshake).ConfigureAwait(false))
        {
            connection.Features.Set(AcmeTlsOffered.Instance);
        }

        await tlsThenHttp(connection).ConfigureAwait(false);
    }

    /// <summary>Waits for the first TLS record whole (at most 16 KiB and the handshake timeout) and looks for <c>acme-tls/1</c> in it.</summary>
    private static async Task<bool> OffersAcmeTlsAsync(PipeReader input, TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            while (true)
            {
                var read = await input.ReadAsync(deadline.Token).ConfigureAwait(false);
                var buffer = read.Buffer;
                var length = ClientHelloAlpn.RecordLength(buffer);
                if (length > 0 && buffer.Length >= length)
                {
                    var offers = ClientHelloAlpn.Offers(buffer.Slice(0, length).ToArray(), AcmeTlsOffered.Protocol);
                    input.AdvanceTo(buffer.Start);
                    return offers;
                }

                if (read.IsCompleted || (length < 0 && buffer.Length >= ClientHelloAlpn.RecordHeaderLength))
                {
                    input.AdvanceTo(buffer.Start);
                    return false;
                }

                // Examined to the end: the next read waits for more bytes.
                input.AdvanceTo(buffer.Start, buffer.End);
            }
        }
        catch (Exception e) when (IsClientGone(e))
        {
            // The handshake that follows finds the connection gone (or times out) and ends it quietly.
            return false;
        }
    }

    /// <summary>
    /// A reset (<c>ConnectionResetException</c> is an <see cref="IOException"/>), an abort or a timeout before
    /// the client's first bytes: any client can cause them, so they must not reach Kestrel, which would log
    /// each one as an unhandled error.
    /// </summary>
    private static bool IsClientGone(Exception e) => e is IOException or OperationCanceledException or ObjectDisposedException;
}
