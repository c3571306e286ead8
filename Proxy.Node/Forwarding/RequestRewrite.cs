using Microsoft.AspNetCore.Http;
using Proxy.Actors.Model.Middlewares;

namespace Proxy.Node.Forwarding;

/// <summary>
/// What a router's middlewares do to the request on its way out, computed once per request
/// before the first attempt so that every retry sends the same thing.
/// </summary>
internal sealed class RequestRewrite
{
    /// <summary>For routers without middlewares: the request goes out as it came, and one instance serves all.</summary>
    public static RequestRewrite Unchanged { get; } = new(null, null, []);

    private RequestRewrite(string? rawPath, string? strippedPrefix, IReadOnlyList<HeadersMiddleware> headers)
    {
        RawPath = rawPath;
        StrippedPrefix = strippedPrefix;
        Headers = headers;
    }

    /// <summary>The path to send, encoded as it goes on the wire, or null to send the request's own as the client sent it.</summary>
    public string? RawPath { get; }

    /// <summary>The prefix stripPrefix removed, sent as X-Forwarded-Prefix as Traefik does.</summary>
    public string? StrippedPrefix { get; }

    public IReadOnlyList<HeadersMiddleware> Headers { get; }

    public static RequestRewrite For(HttpRequest request, IReadOnlyList<MiddlewareSnapshot> middlewares)
    {
        if (middlewares.Count == 0)
        {
            return Unchanged;
        }

        // Middlewares match the decoded path, as rules do, and change the raw one alongside it, so
        // that what they leave alone reaches the backend as the client wrote it.
        var path = request.Path;
        string? rawPath = null;
        string? stripped = null;
        List<HeadersMiddleware>? headers = null;
        foreach (var middleware in middlewares)
        {
            switch (middleware)
            {
                case StripPrefixMiddleware strip:
                    foreach (var prefix in strip.Prefixes)
                    {
                        if (path.StartsWithSegments(prefix, StringComparison.Ordinal, out var rest))
                        {
                            stripped = prefix;
                            rawPath = RequestTarget.StripToSegments(rawPath ?? RequestTarget.RawPath(request.HttpContext), rest);
                            path = rest.HasValue ? rest : new PathString("/");
                            break;
                        }
                    }

                    break;
                case AddPrefixMiddleware add:
                    var prefixPath = new PathString(add.Prefix.TrimEnd('/'));
                    rawPath = prefixPath.ToUriComponent() + (rawPath ?? RequestTarget.RawPath(request.HttpContext));
                    path = prefixPath.Add(path);
                    break;
                case HeadersMiddleware header:
                    (headers ??= []).Add(header);
                    break;
            }
        }

        // A retry middleware alone changes nothing on the way out.
        return stripped is null && headers is null && rawPath is null
            ? Unchanged
            : new RequestRewrite(rawPath, stripped, headers is null ? [] : headers);
    }
}
