using System.Text;

namespace Proxy.Node.Middlewares.ContentType;

/// <summary>
/// The type a body's first bytes (at most <see cref="Window"/>) show, for a response that gives none: the
/// WHATWG MIME sniffing rules as Go's http.DetectContentType applies them (Traefik's autoDetect). Markup
/// after leading white space, then exact signatures, then text when no byte is binary, else
/// application/octet-stream.
/// </summary>
internal static class ContentSniffer
{
    public const int Window = 512;

    private const string Html = "text/html; charset=utf-8";

    // Tags that make a body HTML when followed by a space or '>' (compared ignoring case).
    private static readonly string[] HtmlTags =
    [
        "<!DOCTYPE HTML", "<HTML", "<HEAD", "<SCRIPT", "<IFRAME", "<H1", "<DIV", "<FONT", "<TABLE", "<A", "<STYLE",
        "<TITLE", "<B", "<BODY", "<BR", "<P", "<!--",
    ];

    private static readonly (byte[] Signature, string Type)[] Signatures =
    [
        ("%PDF-"u8.ToArray(), "application/pdf"),
        ("%!PS-Adobe-"u8.ToArray(), "application/postscript"),
        ([0xFE, 0xFF], "text/plain; charset=utf-16be"),
        ([0xFF, 0xFE], "text/plain; charset=utf-16le"),
        ([0xEF, 0xBB, 0xBF], "text/plain; charset=utf-8"),
        ([0x00, 0x00, 0x01, 0x00], "image/x-icon"),
        ([0x00, 0x00, 0x02, 0x00], "image/x-icon"),
        ("BM"u8.ToArray(), "image/bmp"),
        ("GIF87a"u8.ToArray(), "image/gif"),
        ("GIF89a"u8.ToArray(), "image/gif"),
        ([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A], "image/png"),
        ([0xFF, 0xD8, 0xFF], "image/jpeg"),
        ("OggS\0"u8.ToArray(), "application/ogg"),
        ("ID3"u8.ToArray(), "audio/mpeg"),
        ([0x1A, 0x45, 0xDF, 0xA3], "video/webm"),
        ("wOFF"u8.ToArray(), "font/woff"),
        ("wOF2"u8.ToArray(), "font/woff2"),
        ([0x1F, 0x8B, 0x08], "application/x-gzip"),
        ("PK\x03\x04"u8.ToArray(), "application/zip"),
        ("Rar!\x1A\x07\x00"u8.ToArray(), "application/x-rar-compressed"),
        ("Rar!\x1A\x07\x01\x00"u8.ToArray(), "application/x-rar-compressed"),
        ([0x00, 0x61, 0x73, 0x6D], "application/wasm"),
    ];

    public static string Detect(ReadOnlySpan<byte> body)
    {
        body = body[..Math.Min(body.Length, Window)];
        var start = 0;
        while (start < body.Length && body[start] is (byte)'\t' or (byte)'\n' or 0x0C or (byte)'\r' or (byte)' ')
        {
            start++;
        }

        var markup = body[start..];
        foreach (var tag in HtmlTags)
        {
            if (StartsWithIgnoringCase(markup, tag) && markup.Length > tag.Length && markup[tag.Length] is (byte)' ' or (byte)'>')
            {
                return Html;
            }
        }

        if (markup.StartsWith("<?xml"u8))
        {
            return "text/xml; charset=utf-8";
        }

        foreach (var (signature, type) in Signatures)
        {
            if (body.StartsWith(signature))
            {
                return type;
            }
        }

        if (body.Length >= 14 && body.StartsWith("RIFF"u8) && body[8..].StartsWith("WEBPVP"u8))
        {
            return "image/webp";
        }

        foreach (var b in body)
        {
            if (b is <= 0x08 or 0x0B or (>= 0x0E and <= 0x1A) or (>= 0x1C and <= 0x1F))
            {
                return "application/octet-stream";
            }
        }

        return "text/plain; charset=utf-8";
    }

    private static bool StartsWithIgnoringCase(ReadOnlySpan<byte> data, string ascii)
    {
        if (data.Length < ascii.Length)
        {
            return false;
        }

        for (var i = 0; i < ascii.Length; i++)
        {
            if (char.ToUpperInvariant((char)data[i]) != ascii[i])
            {
                return false;
            }
        }

        return true;
    }
}
