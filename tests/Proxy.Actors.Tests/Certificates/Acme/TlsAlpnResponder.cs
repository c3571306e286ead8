using System.Collections.Concurrent;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using Proxy.Actors.Certificates.Acme;

namespace Proxy.Actors.Tests.Certificates.Acme;

/// <summary>
/// A real TLS listener on 127.0.0.1 where pebble's TLS-ALPN-01 validation connects: it accepts
/// only ALPN acme-tls/1 and presents the challenge certificate registered for the SNI name.
/// </summary>
public sealed class TlsAlpnResponder : IAcmeChallengeResponder, IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly ConcurrentDictionary<string, X509Certificate2> _certificates = new(StringComparer.OrdinalIgnoreCase);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;
    private int _handshakes;

    private TlsAlpnResponder(int port)
    {
        _listener = new TcpListener(IPAddress.Loopback, port);
        _listener.Start();
        _accepting = AcceptAsync();
    }

    /// <summary>Handshakes completed with acme-tls/1 negotiated.</summary>
    public int Handshakes => Volatile.Read(ref _handshakes);

    public static TlsAlpnResponder Start(int port) => new(port);

    public void Answer(string domain, X509Certificate2 certificate) => _certificates[domain] = certificate;

    public Task PublishAsync(AcmeChallengeAnswer answer, CancellationToken cancellationToken)
    {
        Answer(answer.Domain, TlsAlpnChallengeCertificate.Create(answer.Domain, answer.KeyAuthorization, TimeProvider.System));
        return Task.CompletedTask;
    }

    public Task WithdrawAsync(AcmeChallengeAnswer answer, CancellationToken cancellationToken)
    {
        if (_certificates.TryRemove(answer.Domain, out var certificate))
        {
            certificate.Dispose();
        }

        return Task.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _accepting;
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await _listener.AcceptSocketAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            _ = HandshakeAsync(socket);
        }
    }

    private async Task HandshakeAsync(Socket socket)
    {
        await using var ssl = new SslStream(new NetworkStream(socket, ownsSocket: true));
        try
        {
            await ssl.AuthenticateAsServerAsync(new SslServerAuthenticationOptions
            {
                ApplicationProtocols = [new SslApplicationProtocol(TlsAlpnChallengeCertificate.Protocol)],
                ServerCertificateSelectionCallback = (_, name) => name is not null && _certificates.TryGetValue(name, out var c) ? c : null!,
            }, _stop.Token);
            if (ssl.NegotiatedApplicationProtocol.ToString() == TlsAlpnChallengeCertificate.Protocol)
            {
                Interlocked.Increment(ref _handshakes);
            }
        }
        catch (Exception e) when (e is IOException or System.Security.Authentication.AuthenticationException or OperationCanceledException or NotSupportedException)
        {
            // A refused or aborted handshake is the CA's business: it reports it as the challenge's error.
        }
    }
}
