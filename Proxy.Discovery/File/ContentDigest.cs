using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace Proxy.Discovery.File;

/// <summary>A file's content told apart from another's by its length and SHA-256, without keeping the text.</summary>
internal sealed record ContentDigest(int Length, string Sha256)
{
    /// <summary>Hashes the text's UTF-16 code units in place: no copy of a large file's text.</summary>
    public static ContentDigest Of(string content) =>
        new(content.Length, Convert.ToHexString(SHA256.HashData(MemoryMarshal.AsBytes(content.AsSpan()))));
}
