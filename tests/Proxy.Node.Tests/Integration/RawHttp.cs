using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace Proxy.Node.Tests.Integration;

/// <summary>
/// One HTTP/1.x request written byte for byte on a fresh loopback connection. HttpClient normalises
/// what these tests must send as written: a request target with <c>%63</c> or <c>//</c>, any Host
/// header, or none at all.
/// </summary>
public static class RawHttp
{
    public sealed record Response(int Status, string Body, IReadOnlyDictionary<string, string> Headers);

    /// <summary>
    /// Sends <paramref name="method"/> <paramref name="target"/>; <paramref name="host"/> null sends no
    /// Host header (HTTP/1.0 then, since HTTP/1.1 requires one). Each header is "Name: value".
    /// </summary>
    public static async Task<Response> SendAsync(int port, string method, string target, string? host, IEnumerable<string>? headers = null, string? formBody = null)
    {
        var request = new StringBuilder();
        request.Append(CultureInfo.InvariantCulture, $"{method} {target} {(host is null ? "HTTP/1.0" : "HTTP/1.1")}\r\n");
        if (host is not null)
        {
            request.Append(CultureInfo.InvariantCulture, $"Host: {host}\r\n");
        }

        foreach (var header in headers ?? [])
        {
            request.Append(header).Append("\r\n");
        }

        var body = formBody is null ? [] : Encoding.ASCII.GetBytes(formBody);
        if (formBody is not null)
        {
            request.Append("Content-Type: application/x-www-form-urlencoded\r\n");
        }

        request.Append(CultureInfo.InvariantCulture, $"Content-Length: {body.Length}\r\nConnection: close\r\n\r\n");

        using var client = new TcpClient();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await client.ConnectAsync("127.0.0.1", port, timeout.Token);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request.ToString()), timeout.Token);
        await stream.WriteAsync(body, timeout.Token);
        using var received = new MemoryStream();
        await stream.CopyToAsync(received, timeout.Token);
        return Parse(received.ToArray());
    }

    /// <summary>
    /// GET <paramref name="target"/> with Host app.example.test and the header lines exactly as written
    /// (repeated lines stay repeated, which HttpClient would merge); returns the response's status code.
    /// </summary>
    public static async Task<int> StatusOfGetAsync(int port, string target, params string[] headerLines)
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
        return int.Parse(head.ToString(9, 3), CultureInfo.InvariantCulture);
    }

    private static Response Parse(byte[] raw)
    {
        var text = Encoding.UTF8.GetString(raw);
        var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        Assert.True(end > 0, $"no complete response head in: {text}");
        var lines = text[..end].Split("\r\n");
        var status = int.Parse(lines[0].Split(' ')[1], CultureInfo.InvariantCulture);
        var headers = lines.Skip(1)
            .Select(line => line.Split(':', 2))
            .ToDictionary(parts => parts[0].Trim(), parts => parts[1].Trim(), StringComparer.OrdinalIgnoreCase);
        var body = text[(end + 4)..];
        if (headers.TryGetValue("Transfer-Encoding", out var encoding) && encoding.Contains("chunked", StringComparison.OrdinalIgnoreCase))
        {
            body = Dechunk(body);
        }

        return new Response(status, body, headers);
    }

    private static string Dechunk(string chunked)
    {
        var body = new StringBuilder();
        var position = 0;
        while (true)
        {
            var lineEnd = chunked.IndexOf("\r\n", position, StringComparison.Ordinal);
            var size = int.Parse(chunked[position..lineEnd].Split(';')[0], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            if (size == 0)
            {
                return body.ToString();
            }

            // The bodies here are ASCII JSON and text, so characters count as bytes.
            body.Append(chunked, lineEnd + 2, size);
            position = lineEnd + 2 + size + 2;
        }
    }
}
