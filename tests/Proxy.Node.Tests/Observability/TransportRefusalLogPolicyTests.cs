using Akka.Event;
using Proxy.Node.Observability;

namespace Proxy.Node.Tests.Observability;

public sealed class TransportRefusalLogPolicyTests
{
    [Theory]
    [InlineData("TcpServerHandler (akka://proxy)", "Rejected incoming connection from [[::ffff:127.0.0.1]:54826] due to TLS handshake failure.", "TcpServerHandler: Rejected incoming connection")]
    [InlineData("TcpServerHandler (akka://proxy)", "Error caught channel [...]\nCause: DotNetty.Handlers.Tls.NotSslRecordException: not an SSL/TLS record", "TcpServerHandler: NotSslRecordException")]
    [InlineData("TcpTransport (akka://proxy)", "Mutual TLS required but client did not provide a certificate from [::ffff:127.0.0.1]:1", "TcpTransport: did not provide a certificate")]
    [InlineData("TcpClientHandler (akka://proxy)", "TLS handshake failed on channel [x]", "TcpClientHandler: TLS handshake failed")]
    [InlineData("TcpServerHandler (akka://proxy)", "Error caught channel [x]\nCause: System.Net.Sockets.SocketException: Connection reset by peer", null)]
    [InlineData("akka.ssl.tcp://proxy@127.0.0.1:4053/system/cluster/core/daemon", "TLS handshake failed", null)]
    public void Key_TransportEntries_OnlyTlsRefusalsAreLimited(string source, string message, string? key)
    {
        var logEvent = new Warning(source, typeof(TransportRefusalLogPolicyTests), message);

        Assert.Equal(key, TransportRefusalLogPolicy.Key(logEvent));
    }
}
