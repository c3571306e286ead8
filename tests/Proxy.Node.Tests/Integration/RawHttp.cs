using System.Net.Sockets;
using System.Text;

namespace Proxy.Node.Tests.Integration;

/// <summary>
/// Sends an HTTP/1.1 request exactly as written, byte for byte, which HttpClient cannot: its Uri
/// re-encodes paths and it merges repeated header lines. Returns the response's status code.
/// </summary>
public static class RawHttp
{
    public static async Task<int> SendAsync(int port, string target, params string[] headerLines)
    {
        using var client = new TcpClient();
        await client.ConnectAsync("127.0.0.1", port);
        var stream = client.GetStream();
        var text = new StringBuilder($"GET {target} HTTP/1.1\r\nHost: app.example.test\r\n");
        foreach (var line in headerLines)
        {
            text.Append(line).Append("\r\n");
        }

        text.Append("\r\n");
        await stream.WriteAsync(Encoding.Latin1.GetBytes(text.ToString()));

        // Only the status line is needed: read until the head ends, whatever Connection says.
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var head = new StringBuilder();
        var buffer = new byte[4096];
        while (!head.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
        {
            var read = await stream.ReadAsync(buffer, timeout.Token);
            Assert.True(read > 0, $"the connection closed before the response head ended: {head}");
            head.Append(Encoding.Latin1.GetString(buffer, 0, read));
        }

        Assert.StartsWith("HTTP/1.1 ", head.ToString());
        return int.Parse(head.ToString(9, 3), System.Globalization.CultureInfo.InvariantCulture);
    }
}
