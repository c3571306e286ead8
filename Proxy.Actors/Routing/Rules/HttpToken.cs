using System.Buffers;

namespace Proxy.Actors.Routing.Rules;

/// <summary>RFC 9110 token: what a method or header name may consist of.</summary>
internal static class HttpToken
{
    private static readonly SearchValues<char> TokenChars =
        SearchValues.Create("!#$%&'*+-.^_`|~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz");

    public static bool IsValid(string text) => text.Length > 0 && !text.AsSpan().ContainsAnyExcept(TokenChars);
}
