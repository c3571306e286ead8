using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Akka.Event;

namespace Proxy.Node.ClusterTls;

/// <summary>
/// The check Akka's DotNetty transport runs on every cluster connection, inbound and outbound:
/// the peer's certificate must chain to the cluster's CAs (<see cref="ClusterPeerCertificatePolicy"/>),
/// whatever the machine's own trust store says. A refusal is logged with the peer's address and
/// the reason, at most once per interval for each certificate and peer host, through the
/// transport's own Akka logger.
/// </summary>
internal sealed class ClusterPeerValidator(X509Certificate2Collection trustedCas, TimeProvider time, RefusalLogLimiter limiter)
{
    public bool Validate(X509Certificate2? certificate, X509Chain? chain, string remotePeer, SslPolicyErrors errors, ILoggingAdapter log)
    {
        // The chain and errors SslStream hands over were judged against the machine's store; the
        // cluster trusts only its own CAs, so they are judged again here, and only here.
        var refusal = ClusterPeerCertificatePolicy.Refusal(certificate, trustedCas, time.GetUtcNow());
        if (refusal is null)
        {
            return true;
        }

        // Per certificate and host: one stranger retrying is one line per interval, but a second
        // certificate tried from the same host is news.
        if (limiter.ShouldLog($"{certificate?.Thumbprint}|{remotePeer}", out var suppressed))
        {
            log.Warning(
                "Refused cluster peer {0}: {1}{2}",
                remotePeer,
                refusal,
                suppressed > 0 ? $" ({suppressed} more refusals of this host not logged)" : string.Empty);
        }

        return false;
    }
}
