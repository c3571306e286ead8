using System.Buffers.Text;
using System.Text;

namespace Proxy.Node.Middlewares.Auth;

/// <summary>The user and password of an <c>Authorization: Basic</c> header (RFC 7617), or nothing when the header is not that.</summary>
internal static class BasicCredentials
{
    public static (string User, string Password)? Parse(string? header)
    {
        const string Scheme = "Basic ";
        if (header is null || header.Length <= Scheme.Length || !header.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var encoded = header.AsSpan(Scheme.Length).Trim();
        var bytes = new byte[Base64.GetMaxDecodedFromUtf8Length(encoded.Length)];
        if (!Convert.TryFromBase64Chars(encoded, bytes, out var written))
        {
            return null;
        }

        var text = Encoding.UTF8.GetString(bytes, 0, written);
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        return colon < 0 ? null : (text[..colon], text[(colon + 1)..]);
    }
}
