using Microsoft.AspNetCore.Http;
using Proxy.Actors.Model.Middlewares;

namespace Proxy.Node.Forwarding;

/// <summary>
/// What a router's middlewares do to the request on its way out, computed once per request
/// before the first attempt so that every retry sends the same thing.
/// </summary>
internal sealed class RequestRewrite
{
    private RequestRewrite(PathString path, string? strippedPrefix, IReadOnlyList<HeadersMiddleware> headers)
    {
        Path = path;
        StrippedPrefix = strippedPrefix;
        Headers = headers;
    }

    public PathString Path { get; }

    /// <summary>The prefix stripPrefix removed, sent as X-Forwarded-Prefix as Traefik does.</summary>
    public string? StrippedPrefix { get; }

    public IReadOnlyList<HeadersMiddleware> Headers { get; }

    public static RequestRewrite For(HttpRequest request, IReadOnlyList<MiddlewareSnapshot> middlewares)
    {
        var path = request.Path;
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
                            path = rest.HasValue ? rest : new PathString("/");
                            break;
                        }
                    }

                    break;
                case AddPrefixMiddleware add:
                    path = new PathString(add.Prefix.TrimEnd('/')).Add(path);
                    break;
                case HeadersMiddleware header:
                    (headers ??= []).Add(header);
                    break;
            }
        }

        return new RequestRewrite(path, stripped, headers is null ? [] : headers);
    }
}
