using System.Collections.Immutable;
using System.Text.RegularExpressions;
using Proxy.Actors.Model;
using Proxy.Actors.Model.Config;
using Proxy.Actors.Model.Middlewares;

namespace Proxy.Node.Middlewares;

/// <summary>
/// stripPrefixRegex: the first regex, in the order listed, whose first match is a non-empty start of the
/// decoded path has that match removed (a rest that does not start with '/' gets one), as Traefik does.
/// </summary>
internal sealed class StripPrefixRegexHandler(MiddlewareSnapshot definition, StripPrefixRegexConfig options) : IHttpMiddleware
{
    private readonly ImmutableArray<Regex> _regexes = [.. options.Regex.Select(LinearRegex.Create)];

    public MiddlewareSnapshot Definition => definition;

    public void RewritePath(ref PathRewrite path)
    {
        var current = path.Path.Value ?? "/";
        foreach (var regex in _regexes)
        {
            var match = regex.Match(current);
            if (match.Success && match.Length > 0 && current.StartsWith(match.Value, StringComparison.Ordinal))
            {
                path.StripAnywhere(match.Value);
                return;
            }
        }
    }
}
