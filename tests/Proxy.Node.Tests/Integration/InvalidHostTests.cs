using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Proxy.Node.Tests.Integration;

/// <summary>
/// A Host header Kestrel lets through but that the backend client cannot send is the client's
/// mistake: 400 naming the problem, never a 502 that counts against the backend (found by ops/fuzz).
/// </summary>
[Collection(IntegrationCollection.Name)]
public sealed class InvalidHostTests
{
    private static readonly string[] Invalid = ["!a", "(app.localhost", "app.loc" + new string('a', 300) + "l"];

    // The IDN ones arrive as sent: ASP.NET's HttpRequest.Host decodes punycode (to UTF-8 the backend
    // did not ask for) and throws on an invalid label (xn--zz), which would answer 500.
    private static readonly string[] Usual = ["app.localhost", "my_service:8080", "127.0.0.1:8000", "[::1]:8000", "a.b.example.com.", "xn--bcher-kva.example", "xn--zz:8000"];

    [Fact]
    public async Task Forward_HostsNotHostNames_BadRequestNotForwardedAndUsualHostsForwarded()
    {
        await using var backend = await TestBackend.StartAsync("b", 9);
        using var node = await FileNodeProcess.StartAsync(Yaml.SingleRoute(Yaml.Servers(backend.Url)), _ => []);

        foreach (var host in Invalid)
        {
            var response = await SendRawAsync(node.Client.BaseAddress!.Port, $"GET /invalid HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n");

            Assert.True(response.StartsWith("HTTP/1.1 400 ", StringComparison.Ordinal), $"Host {host}: {response}");
            Assert.EndsWith("\r\n\r\n400 Bad Request: the Host header is not a host name\n", response, StringComparison.Ordinal);
        }

        foreach (var host in Usual)
        {
            var response = await SendRawAsync(node.Client.BaseAddress!.Port, $"GET /usual HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n");

            Assert.True(response.StartsWith("HTTP/1.1 200 ", StringComparison.Ordinal), $"Host {host}: {response}");
        }

        Assert.DoesNotContain(backend.Received, r => r.Path == "/invalid");
        Assert.Equal(Usual, backend.Received.Where(r => r.Path == "/usual").Select(r => r.Host));
    }

    private static async Task<string> SendRawAsync(int port, string request)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(IPAddress.Loopback, port);
        await socket.SendAsync(Encoding.ASCII.GetBytes(request));
        var received = new MemoryStream();
        var buffer = new byte[4096];
        int read;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while ((read = await socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token)) > 0)
        {
            received.Write(buffer, 0, read);
        }

        return Encoding.ASCII.GetString(received.ToArray());
    }
}
