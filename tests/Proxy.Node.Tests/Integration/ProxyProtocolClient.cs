using System.Diagnostics;
using System.Net.Security;
using System.Net.Sockets;
using System.Text;

namespace Proxy.Node.Tests.Integration;

/// <summary>
/// A load balancer's side of the PROXY protocol over a real loopback socket: the header bytes first, then
/// one HTTP/1.1 request in clear or inside TLS, and the status of the answer (null when the node closed the
/// connection without one).
/// </summary>
public static class ProxyProtocolClient
{
    public static string Request(string host = "app.example.test", string path = "/") =>
        $"GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n";

    public static async Task<int?> SendAsync(int port, byte[] header, string? request = null)
    {
        using var client = new TcpClient();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await client.ConnectAsync("127.0.0.1", port, timeout.Token);
        var stream = client.GetStream();
        await stream.WriteAsync(header, timeout.Token);
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request ?? Request()), timeout.Token);
        return StatusOf(await ReadToEndAsync(stream, timeout.Token));
    }

    /// <summary>The header, then a TLS handshake for <paramref name="host"/> (any certificate accepted), then the request.</summary>
    public static async Task<int?> SendTlsAsync(int port, byte[] header, string host)
    {
        using var client = new TcpClient();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await client.ConnectAsync("127.0.0.1", port, timeout.Token);
        var network = client.GetStream();
        await network.WriteAsync(header, timeout.Token);
        await using var tls = new SslStream(network, leaveInnerStreamOpen: false, (_, _, _, _) => true);
        await tls.AuthenticateAsClientAsync(
            new SslClientAuthenticationOptions { TargetHost = host, ApplicationProtocols = [SslApplicationProtocol.Http11] }, timeout.Token);
        await tls.WriteAsync(Encoding.ASCII.GetBytes(Request(host)), timeout.Token);
        return StatusOf(await ReadToEndAsync(tls, timeout.Token));
    }

    /// <summary>Writes <paramref name="bytes"/> and waits for the node to close the connection; the time it took.</summary>
    public static async Task<(TimeSpan Elapsed, string Received)> TimeUntilClosedAsync(int port, byte[] bytes, TimeSpan limit)
    {
        using var client = new TcpClient();
        using var timeout = new CancellationTokenSource(limit);
        await client.ConnectAsync("127.0.0.1", port, timeout.Token);
        var stream = client.GetStream();
        var watch = Stopwatch.StartNew();
        await stream.WriteAsync(bytes, timeout.Token);
        var received = await ReadToEndAsync(stream, timeout.Token);
        return (watch.Elapsed, received);
    }

    private static async Task<string> ReadToEndAsync(Stream stream, CancellationToken cancellation)
    {
        using var received = new MemoryStream();
        try
        {
            await stream.CopyToAsync(received, cancellation);
        }
        catch (IOException)
        {
            // A reset is a close too: what arrived before it is the answer.
        }

        return Encoding.Latin1.GetString(received.ToArray());
    }

    private static int? StatusOf(string response) =>
        response.StartsWith("HTTP/1.1 ", StringComparison.Ordinal) ? int.Parse(response.AsSpan(9, 3), System.Globalization.CultureInfo.InvariantCulture) : null;
}
