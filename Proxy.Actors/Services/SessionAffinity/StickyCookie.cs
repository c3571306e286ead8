using System.Collections.Frozen;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Proxy.Actors.Model.Config;

namespace Proxy.Actors.Services.SessionAffinity;

/// <summary>
/// A sticky cookie as validated: its name, and for each target the cookie's value and the whole <c>Set-Cookie</c>
/// header that pins a client to it, rendered once per configuration rather than per response. A load balancer's
/// targets are its servers' URLs, a weighted service's its children's qualified names (<see cref="StickyChildren"/>).
/// Values depend on the target alone, so every node and every process names a server or a child alike.
/// </summary>
public sealed class StickyCookie
{
    /// <summary>Hex characters of a server's value: 64 bits, enough that a guessed value names no server.</summary>
    public const int ValueLength = 16;

    private readonly FrozenDictionary<string, Pin> _byTarget;

    /// <param name="options">A cookie whose declared defaults are filled in and whose name is set.</param>
    /// <param name="targets">
    /// The service's server URLs as the request path sees them (no trailing slash), or a weighted service's children's
    /// qualified names.
    /// </param>
    public StickyCookie(StickyCookieConfig options, IEnumerable<string> targets)
    {
        Name = options.Name ?? throw new ArgumentException("the cookie's name is resolved before", nameof(options));
        Attributes = RenderAttributes(options);
        _byTarget = targets.Distinct(StringComparer.Ordinal).ToFrozenDictionary(
            target => target,
            target => new Pin(ValueOf(target), $"{Name}={ValueOf(target)}{Attributes}"),
            StringComparer.Ordinal);
    }

    public string Name { get; }

    /// <summary>Everything after the value: <c>; Path=/; HttpOnly; SameSite=Lax</c>.</summary>
    public string Attributes { get; }

    /// <summary>
    /// Traefik's default name: an abbreviation of a SHA-1 of the service (<c>_1d52e</c>). Taken from the qualified
    /// name (<c>whoami@docker</c>) so that two providers' services of one name do not share a cookie.
    /// </summary>
    public static string DefaultName(string service) =>
        "_" + Convert.ToHexStringLower(SHA1.HashData(Encoding.UTF8.GetBytes(service)))[..5];

    /// <summary>The cookie's value for a target: hex of the first 64 bits of the SHA-256 of a server's URL or a child's name.</summary>
    public static string ValueOf(string target) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(target)))[..ValueLength];

    /// <summary>
    /// What each of <paramref name="targets"/> is named by in a client's cookie (<paramref name="keyOf"/>: a server's URL,
    /// a child service's name), looked up by the cookie's characters as they stand in the header. Targets with no
    /// value here are left out; of two with one value, the first is kept.
    /// </summary>
    public FrozenDictionary<string, T>.AlternateLookup<ReadOnlySpan<char>> ByValue<T>(IEnumerable<T> targets, Func<T, string> keyOf) =>
        targets
            .Select(target => (Value: ValueFor(keyOf(target)), Target: target))
            .Where(pin => pin.Value is not null)
            .DistinctBy(pin => pin.Value, StringComparer.Ordinal)
            .ToFrozenDictionary(pin => pin.Value!, pin => pin.Target, StringComparer.Ordinal)
            .GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>The value naming <paramref name="target"/>, or null for one that is no target of this cookie.</summary>
    public string? ValueFor(string target) => _byTarget.TryGetValue(target, out var pin) ? pin.Value : null;

    /// <summary>The <c>Set-Cookie</c> header value that pins a client to <paramref name="target"/>.</summary>
    public string? SetCookieFor(string target) => _byTarget.TryGetValue(target, out var pin) ? pin.Header : null;

    /// <summary>The attributes as a browser reads them; a negative max age is sent as 0, which deletes the cookie (as Go's net/http does).</summary>
    public static string RenderAttributes(StickyCookieConfig options)
    {
        var text = new StringBuilder();
        text.Append("; Path=").Append(options.Path ?? "/");
        if (!string.IsNullOrEmpty(options.Domain))
        {
            text.Append("; Domain=").Append(options.Domain.TrimStart('.'));
        }

        if (options.MaxAge is { } maxAge and not 0)
        {
            text.Append("; Max-Age=").Append(Math.Max(0, maxAge).ToString(CultureInfo.InvariantCulture));
        }

        if (options.HttpOnly == true)
        {
            text.Append("; HttpOnly");
        }

        if (options.Secure == true)
        {
            text.Append("; Secure");
        }

        if (options.SameSite is { Length: > 0 } sameSite)
        {
            text.Append("; SameSite=").Append(sameSite.ToLowerInvariant() switch
            {
                "none" => "None",
                "lax" => "Lax",
                _ => "Strict",
            });
        }

        return text.ToString();
    }

    private sealed record Pin(string Value, string Header);
}
