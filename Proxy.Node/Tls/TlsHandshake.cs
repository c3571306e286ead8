using System.Net.Security;
using System.Security.Authentication;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.Logging;
using Proxy.Actors.Tls;
using Proxy.Node.ClusterTls;

namespace Proxy.Node.Tls;

/// <summary>
/// Kestrel's per-connection TLS callback: picks the certificate from the current snapshot by SNI and the
/// options by entry point and SNI, or answers a TLS-ALPN-01 challenge. A refused handshake is the client's
/// problem: Kestrel closes the connection and logs it at debug; this logs why, at debug, rate-limited.
/// </summary>
internal sealed partial class TlsHandshake(CertificateCell certificates, HandshakeOptionsCell options, ILogger<TlsHandshake> log, TimeProvider time)
{
    private static readonly List<SslApplicationProtocol> AcmeTlsOnly = [new SslApplicationProtocol(AcmeTlsOffered.Protocol.ToArray())];

    private readonly CertificateContexts _contexts = new();
    private readonly RefusalLogLimiter _limiter = new(time, TimeSpan.FromSeconds(10));

    public ValueTask<SslServerAuthenticationOptions> OptionsAsync(TlsHandshakeCallbackContext context) =>
        ValueTask.FromResult(Options((string)context.State!, context.ClientHelloInfo.ServerName, context.Connection.Features.Get<AcmeTlsOffered>() is not null, context.Connection.RemoteEndPoint?.ToString()));

    /// <param name="serverName">The client's SNI, empty when it sent none.</param>
    public SslServerAuthenticationOptions Options(string entryPoint, string? serverName, bool offersAcmeTls, string? client)
    {
        var snapshot = certificates.Current;
        if (offersAcmeTls && serverName is { Length: > 0 } && snapshot.AlpnChallenges.TryGetValue(serverName.TrimEnd('.'), out var challenge))
        {
            // RFC 8737: the challenge certificate, and acme-tls/1 as the only protocol.
            return new SslServerAuthenticationOptions
            {
                ServerCertificateContext = _contexts.Of(challenge),
                ApplicationProtocols = AcmeTlsOnly,
                EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
                AllowRenegotiation = false,
            };
        }

        var profile = options.Current.For(entryPoint, serverName);
        if (profile.Problem is not null)
        {
            throw Refuse(client, entryPoint, serverName, $"TLS options {profile.Name} cannot be used: {profile.Problem}");
        }

        var certificate = snapshot.Match(serverName);
        if (certificate is null)
        {
            if (profile.Settings.SniStrict)
            {
                throw Refuse(client, entryPoint, serverName, $"sniStrict in TLS options {profile.Name} and no certificate covers the name");
            }

            certificate = snapshot.Default;
        }

        return profile.ServerOptions(_contexts.Of(certificate));
    }

    private AuthenticationException Refuse(string? client, string entryPoint, string? serverName, string reason)
    {
        if (log.IsEnabled(LogLevel.Debug) && _limiter.ShouldLog(client ?? "", out var suppressed))
        {
            Refused(log, entryPoint, client ?? "unknown", serverName is { Length: > 0 } ? serverName : "(none)", reason, suppressed);
        }

        return new AuthenticationException($"TLS handshake refused on entry point {entryPoint} for server name '{serverName}': {reason}");
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "TLS handshake refused on entry point {EntryPoint} from {Client} for server name {ServerName}: {Reason} ({Suppressed} more from this client not logged)")]
    private static partial void Refused(ILogger logger, string entryPoint, string client, string serverName, string reason, int suppressed);
}
