namespace Proxy.Actors.Certificates.Acme;

/// <summary>Base64url without padding (RFC 7515 section 2), the encoding of every JWS part.</summary>
internal static class Base64Url
{
    public static string Encode(ReadOnlySpan<byte> data) => System.Buffers.Text.Base64Url.EncodeToString(data);
}
