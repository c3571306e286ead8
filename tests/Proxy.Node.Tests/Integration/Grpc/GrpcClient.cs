using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using Grpc.Net.Client;
using Proxy.Node.Tests.Integration.Https;

namespace Proxy.Node.Tests.Integration.Grpc;

/// <summary>
/// A real gRPC client (Grpc.Net.Client) of a node's entry point: over TLS with the host's name for SNI and
/// :authority, trusting only the test CA, or over plain TCP with HTTP/2 prior knowledge. Every connection goes
/// to 127.0.0.1 whatever the name.
/// </summary>
internal static class GrpcClient
{
    public static GrpcChannel Tls(string host, int port, X509Certificate2 ca) =>
        GrpcChannel.ForAddress($"https://{host}:{port}", new GrpcChannelOptions
        {
            HttpHandler = Handler(port, new SslClientAuthenticationOptions
            {
                RemoteCertificateValidationCallback = (_, certificate, _, _) => CaTrust.Chains(certificate, ca),
            }),
            DisposeHttpClient = true,
        });

    public static GrpcChannel Plain(string host, int port) =>
        GrpcChannel.ForAddress($"http://{host}:{port}", new GrpcChannelOptions { HttpHandler = Handler(port, null), DisposeHttpClient = true });

    /// <summary>A handler whose every connection goes to 127.0.0.1:<paramref name="port"/>, over TLS with <paramref name="ssl"/> when given.</summary>
    internal static SocketsHttpHandler Handler(int port, SslClientAuthenticationOptions? ssl)
    {
        var handler = new SocketsHttpHandler
        {
            UseProxy = false,
            ConnectCallback = async (_, cancellation) =>
            {
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), cancellation);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        if (ssl is not null)
        {
            handler.SslOptions = ssl;
        }

        return handler;
    }
}
