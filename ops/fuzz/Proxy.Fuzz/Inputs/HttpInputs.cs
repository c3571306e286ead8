namespace Proxy.Fuzz.Inputs;

/// <summary>
/// Raw HTTP/1.1 requests, mutated in their framing (request line, header lines, Content-Length,
/// chunked bodies, pipelining), methods and headers. A request is text; <see cref="Bytes"/> sends
/// characters up to U+00FF as single bytes, so a mutation yields invalid UTF-8 as well.
/// </summary>
public static class HttpInputs
{
    /// <summary>Up to 64 KiB of repeated header lines or characters: past Kestrel's 32 KiB header limit.</summary>
    public const int MaxRepeat = 8192;

    public static readonly IReadOnlyList<string> Seeds =
    [
        "GET / HTTP/1.1\r\nHost: a\r\n\r\n",
        "GET /fwd/items?page=2&q=a%20b HTTP/1.1\r\nHost: app.localhost\r\nUser-Agent: fuzz/1.0\r\nAccept: */*\r\nReferer: http://x/\r\n\r\n",
        "POST /fwd/upload HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\nContent-Type: text/plain\r\n\r\nhello",
        "POST /fwd/chunked HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n",
        "PUT /put HTTP/1.0\r\nContent-Length: 2\r\n\r\nhi",
        "HEAD /fwd/head HTTP/1.1\r\nHost: a\r\n\r\n",
        "OPTIONS * HTTP/1.1\r\nHost: a\r\n\r\n",
        "GET http://a/absolute HTTP/1.1\r\nHost: a\r\n\r\n",
        "DELETE /fwd/x HTTP/1.1\r\nHost: a\r\nX-Forwarded-For: 10.0.0.1\r\nCookie: a=b\r\n\r\n",
        "GET /a HTTP/1.1\r\nHost: a\r\n\r\nGET /fwd/b HTTP/1.1\r\nHost: a\r\n\r\n",
        "POST /fwd/expect HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\nContent-Length: 3\r\n\r\nabc",
        "PATCH /fwd/p HTTP/1.1\r\nHost: a\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
    ];

    public static readonly IReadOnlyList<string> Delimiters =
    [
        "\r\n", "\n", "\r", " ", "  ", ":", ": ", "\t", "\0", "\r\n\r\n", "HTTP/1.1", "HTTP/1.0", "HTTP/2.0", "HTTP/9.9",
        "Content-Length: 10\r\n", "Content-Length: -1\r\n", "Content-Length: 18446744073709551616\r\n", "Content-Length: 5, 6\r\n",
        "Transfer-Encoding: chunked\r\n", "Transfer-Encoding: gzip, chunked\r\n", "Transfer-Encoding: identity\r\n",
        "Host: b\r\n", "Host:\r\n", "Connection: upgrade\r\nUpgrade: h2c\r\n", "Expect: 100-continue\r\n",
        "ffffffffffffffff\r\n", "0\r\n\r\n", "%", "%00", "%2F", "?", "#", "/../", "\u00ff", "\u0080", "GET", "POST", "BREW",
    ];

    public static readonly IReadOnlyList<string> Fragments =
        ["a", "/a", "X-A: b\r\n", "%2F", "../", "5\r\nhello\r\n", " ", ":", "\u00e9"];

    public static string Next(Mutator mutator) =>
        mutator.Mutate(mutator.Pick(Seeds), Delimiters, Fragments, MaxRepeat);

    public static byte[] Bytes(string request)
    {
        var bytes = new List<byte>(request.Length);
        Span<byte> utf8 = stackalloc byte[4];
        foreach (var rune in request.EnumerateRunes())
        {
            if (rune.Value <= 0xFF)
            {
                bytes.Add((byte)rune.Value);
            }
            else
            {
                bytes.AddRange(utf8[..rune.EncodeToUtf8(utf8)]);
            }
        }

        return [.. bytes];
    }
}
