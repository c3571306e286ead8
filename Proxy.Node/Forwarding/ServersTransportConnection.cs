using System.Formats.Asn1;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using Proxy.Actors.Model;

namespace Proxy.Node.Forwarding;

/// <summary>
/// Opens a connection to a server through a servers transport (the node's default one for a service that names none).
/// TLS is set up here rather than by SocketsHttpHandler,
/// which would send the request's Host header (the client's host, when the service passes it on) as the SNI and
/// check the certificate against it: as in Traefik, the name sent and checked is the transport's <c>serverName</c>,
/// else the server URL's host. The certificate must chain to <c>rootCAs</c> (else the node's trusted CAs) unless
/// <c>insecureSkipVerify</c>; with <c>peerCertURI</c> it must carry that URI instead of the name. A refusal says why,
/// so that the 502's log line names the transport and the check that failed.
/// </summary>
internal static class ServersTransportConnection
{
    private const string SubjectAltNameOid = "2.5.29.17";

    /// <summary>What a connection speaks over TCP.</summary>
    public enum Security
    {
        /// <summary>Nothing: http and h2c servers.</summary>
        None,

        /// <summary>TLS, offering HTTP/2 by ALPN when the request that opens the connection may use it.</summary>
        Tls,

        /// <summary>
        /// TLS offering HTTP/1.1 only: an https server's requests sent with an http URI, so that their pool is not
        /// keyed by their Host (<see cref="BackendHandler"/>), whatever the version of the request that opens it.
        /// </summary>
        TlsHttp11,
    }

    /// <summary>
    /// Connects within <paramref name="dialTimeout"/>, TCP and TLS together: a server that accepts the connection but
    /// never finishes the handshake (a hung process whose kernel still accepts) has seen no request either, and would
    /// otherwise hold the request with no bound, the handler's own connect timeout being left off for this one.
    /// A dial timeout is thrown as a connection error, not a cancellation: .NET would report it as a
    /// <see cref="TaskCanceledException"/>, YARP as a request timeout, and the request would end there, where the
    /// request was never sent and another server may take it (as Traefik's retry and nginx's proxy_next_upstream do).
    /// </summary>
    public static async ValueTask<Stream> ConnectAsync(ServersTransportSpec transport, TimeSpan dialTimeout, Security tls, SocketsHttpConnectionContext context, CancellationToken cancellation)
    {
        using var dial = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        if (dialTimeout > TimeSpan.Zero)
        {
            dial.CancelAfter(dialTimeout); // infinite (a transport's 0): no limit, as in Traefik
        }

        try
        {
            return await ConnectAsync(transport, tls, context, dial.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (dial.IsCancellationRequested && !cancellation.IsCancellationRequested)
        {
            // The caller's own cancellation (the client left, the pool gave up) stays a cancellation.
            throw new HttpRequestException(
                HttpRequestError.ConnectionError,
                $"dial timeout after {Duration.Format(dialTimeout)} connecting to {context.DnsEndPoint.Host}:{context.DnsEndPoint.Port}",
                new TimeoutException(e.Message, e));
        }
    }

    private static async ValueTask<Stream> ConnectAsync(ServersTransportSpec transport, Security tls, SocketsHttpConnectionContext context, CancellationToken cancellation)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(context.DnsEndPoint, cancellation).ConfigureAwait(false);
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        var network = new NetworkStream(socket, ownsSocket: true);
        if (tls == Security.None)
        {
            return network; // http and h2c: the transport's timeouts apply, its TLS does not
        }

        var host = string.IsNullOrEmpty(transport.Options.ServerName) ? context.DnsEndPoint.Host : transport.Options.ServerName;
        string? refusal = null;
        var options = Options(transport, host, tls == Security.Tls && OffersHttp2(context.InitialRequestMessage), reason => refusal = reason);
        var secured = new SslStream(network, leaveInnerStreamOpen: false);
        try
        {
            await secured.AuthenticateAsClientAsync(options, cancellation).ConfigureAwait(false);
            return secured;
        }
        catch (AuthenticationException) when (refusal is not null)
        {
            await secured.DisposeAsync().ConfigureAwait(false);
            throw new AuthenticationException($"servers transport '{transport.Name}': TLS to {host} refused: {refusal}");
        }
        catch
        {
            await secured.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    // HTTP/2 is offered by ALPN only to a request that may use it: a connection that negotiated h2 for an
    // HTTP/1.1 request could not carry it.
    private static bool OffersHttp2(HttpRequestMessage request) => request.Version >= HttpVersion.Version20;

    private static SslClientAuthenticationOptions Options(ServersTransportSpec transport, string host, bool http2, Action<string> refuse)
    {
        var material = transport.Material;
        var options = new SslClientAuthenticationOptions
        {
            TargetHost = host,
            ApplicationProtocols = http2 ? [SslApplicationProtocol.Http2, SslApplicationProtocol.Http11] : [SslApplicationProtocol.Http11],
            CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
        };
        if (material.Authorities is { } authorities)
        {
            var policy = new X509ChainPolicy
            {
                TrustMode = X509ChainTrustMode.CustomRootTrust,
                RevocationMode = X509RevocationMode.NoCheck,
            };
            policy.CustomTrustStore.AddRange(authorities);
            options.CertificateChainPolicy = policy;
        }

        var certificates = material.Certificates;
        if (certificates.Length == 1)
        {
            options.ClientCertificateContext = SslStreamCertificateContext.Create(certificates[0].Certificate, certificates[0].Intermediates, offline: true);
        }
        else if (certificates.Length > 1)
        {
            // Several: .NET shows the one issued by a CA the server names as acceptable.
            options.ClientCertificates = [.. certificates.Select(c => c.Certificate)];
        }

        var peerUri = transport.Options.PeerCertUri;
        options.RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
        {
            if (transport.InsecureSkipVerify)
            {
                return true;
            }

            // With peerCertURI the URI stands for the name (Traefik's check of a workload identity): the chain must hold.
            var counted = peerUri is null ? errors : errors & ~SslPolicyErrors.RemoteCertificateNameMismatch;
            if (counted != SslPolicyErrors.None)
            {
                refuse(Describe(counted, host, material.Authorities is not null));
                return false;
            }

            if (peerUri is not null && (certificate is null || !UrisOf(certificate).Contains(peerUri, StringComparer.Ordinal)))
            {
                refuse($"the server's certificate does not carry the URI '{peerUri}' (peerCertURI) among its subject alternative names");
                return false;
            }

            return true;
        };
        return options;
    }

    private static string Describe(SslPolicyErrors errors, string host, bool ownAuthorities) => errors switch
    {
        _ when errors.HasFlag(SslPolicyErrors.RemoteCertificateNotAvailable) => "the server sent no certificate",
        _ when errors.HasFlag(SslPolicyErrors.RemoteCertificateChainErrors) => ownAuthorities
            ? "the server's certificate does not chain to the transport's rootCAs"
            : "the server's certificate does not chain to a CA this node trusts (give the CA in a servers transport's rootCAs)",
        _ => $"the server's certificate is not valid for '{host}' (the name checked is serverName, else the server URL's host)",
    };

    /// <summary>The URIs among a certificate's subject alternative names (GeneralName [6], uniformResourceIdentifier).</summary>
    internal static IReadOnlyList<string> UrisOf(X509Certificate certificate)
    {
        // SslStream hands its callback an X509Certificate2.
        if (certificate is not X509Certificate2 { } full || full.Extensions[SubjectAltNameOid] is not { } extension)
        {
            return [];
        }

        var uris = new List<string>();
        try
        {
            var names = new AsnReader(extension.RawData, AsnEncodingRules.DER).ReadSequence();
            var uriTag = new Asn1Tag(TagClass.ContextSpecific, 6);
            while (names.HasData)
            {
                if (names.PeekTag().HasSameClassAndValue(uriTag))
                {
                    uris.Add(names.ReadCharacterString(UniversalTagNumber.IA5String, uriTag));
                }
                else
                {
                    names.ReadEncodedValue();
                }
            }
        }
        catch (AsnContentException)
        {
            return []; // a malformed extension carries no URI we could trust
        }

        return uris;
    }
}
