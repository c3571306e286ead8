using System.Collections.Immutable;
using Microsoft.AspNetCore.Http;
using Proxy.Actors.Model.Config;
using Proxy.Actors.Model.Middlewares;

namespace Proxy.Node.Middlewares;

/// <summary>stripPrefix: removes the first listed prefix the path starts with, on segment boundaries.</summary>
internal sealed class StripPrefixHandler(MiddlewareSnapshot definition, StripPrefixConfig options) : IHttpMiddleware
{
    // Longest first, as validated; made PathStrings once so a request converts nothing.
    private readonly ImmutableArray<(string Text, PathString Path)> _prefixes = [.. options.Prefixes.Select(p => (p, new PathString(p)))];

    public MiddlewareSnapshot Definition => definition;

    public void RewritePath(ref PathRewrite path)
    {
        foreach (var (text, prefix) in _prefixes)
        {
            if (path.Path.StartsWithSegments(prefix, StringComparison.Ordinal, out var rest))
            {
                path.Strip(text, rest);
                return;
            }
        }
    }
}
