using System.IO.Compression;

namespace Proxy.Node.Middlewares.Compress;

/// <summary>
/// The compressing streams, by Content-Encoding token, each at the level Traefik's libraries use by default:
/// gzip at zlib's 6 (Go's DefaultCompression), brotli at the BCL's Optimal (quality 4; Traefik's writer uses
/// 6), zstd at 3 (zstd's default, as Traefik's). Each leaves the stream it writes to open.
/// </summary>
internal static class BodyEncoders
{
    public const int GzipLevel = 6;

    public static Stream Create(string encoding, Stream output) => encoding switch
    {
        "gzip" => new GZipStream(output, new ZLibCompressionOptions { CompressionLevel = GzipLevel }, leaveOpen: true),
        "br" => new BrotliStream(output, CompressionLevel.Optimal, leaveOpen: true),
        "zstd" => new ZstdSharp.CompressionStream(output, level: 3, leaveOpen: true),
        _ => throw new ArgumentException($"'{encoding}' was not validated", nameof(encoding)),
    };
}
