using Microsoft.AspNetCore.Http;
using Proxy.Node.Forwarding;

namespace Proxy.Node.Middlewares;

/// <summary>
/// A request's path while the chain rewrites it. Middlewares match the decoded path, as rules do,
/// and change the raw one alongside it, so that what they leave alone reaches the backend as the
/// client wrote it. A struct passed by reference: a chain costs no allocation for it.
/// </summary>
internal struct PathRewrite(HttpContext context)
{
    /// <summary>The decoded path as the middlewares so far left it.</summary>
    public PathString Path { get; private set; } = context.Request.Path;

    /// <summary>The path to send, encoded as it goes on the wire, or null while no middleware changed it.</summary>
    public string? RawPath { get; private set; }

    /// <summary>The prefix the last stripPrefix removed, sent as X-Forwarded-Prefix as Traefik does.</summary>
    public string? StrippedPrefix { get; private set; }

    /// <summary>The wire form of the path before the first replacePath(Regex), sent as X-Replaced-Path as Traefik does.</summary>
    public string? ReplacedPath { get; private set; }

    /// <summary>The path to send as the middlewares so far left it, encoded as it goes on the wire.</summary>
    public readonly string CurrentRawPath => RawPath ?? RequestTarget.RawPath(context);

    /// <summary>Removes <paramref name="prefix"/>, which the decoded path starts with, leaving <paramref name="rest"/>.</summary>
    public void Strip(string prefix, PathString rest)
    {
        StrippedPrefix = prefix;
        RawPath = RequestTarget.StripToSegments(CurrentRawPath, rest);
        Path = rest.HasValue ? rest : new PathString("/");
    }

    /// <summary>
    /// Removes <paramref name="prefix"/>, which the decoded path starts with, wherever it ends: a prefix that ends
    /// inside a segment leaves the rest with a '/' put in front, sent encoded from its decoded form (the raw
    /// bytes of a cut segment cannot be told apart from the decoded ones).
    /// </summary>
    public void StripAnywhere(string prefix)
    {
        var rest = Path.Value is { } path ? path[prefix.Length..] : string.Empty;
        if (rest.Length == 0 || rest[0] == '/')
        {
            Strip(prefix, new PathString(rest.Length == 0 ? null : rest));
            return;
        }

        var cut = new PathString("/" + rest);
        StrippedPrefix = prefix;
        RawPath = cut.ToUriComponent();
        Path = cut;
    }

    /// <summary>Sends <paramref name="rawPath"/> (wire form) instead; the path so far goes to X-Replaced-Path.</summary>
    public void Replace(string rawPath)
    {
        ReplacedPath ??= CurrentRawPath;
        RawPath = rawPath;
        Path = PathString.FromUriComponent(rawPath);
    }

    /// <summary>Puts <paramref name="prefix"/> in front; <paramref name="encodedPrefix"/> is its wire form.</summary>
    public void Prepend(PathString prefix, string encodedPrefix)
    {
        RawPath = encodedPrefix + CurrentRawPath;
        Path = prefix.Add(Path);
    }
}
