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
    public static void Configure(ListenOptions listen, string entryPoint, TlsHandshake handshake, CertificateCell certificates, EntryPointTlsTimeouts timeouts)
    {
        ConnectionDelegate? http = null;
        listen.Use(tlsThenHttp => connection => SniffAsync(connection, tlsThenHttp, http!, certificates, timeouts));
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
        ConnectionContext connection, ConnectionDelegate tlsThenHttp, ConnectionDelegate http, CertificateCell certificates, EntryPointTlsTimeouts timeouts)
    {
        var input = connection.Transport.Input;
        ReadResult read;
        // Bytes already there cost no timer; a client that says nothing is closed after the time Kestrel
        // gives an idle connection, as before this peek existed.
        if (!input.TryRead(out read))
        {
            using var idle = new CancellationTokenSource(timeouts.FirstByte);
            try
            {
                read = await input.ReadAsync(idle.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
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
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}

/// <summary>How long a new connection may stay silent before its first byte, and how long its TLS handshake may take.</summary>
internal sealed record EntryPointTlsTimeouts(TimeSpan FirstByte, TimeSpan Handshake);
