using System.Text.RegularExpressions;
using Proxy.Actors.Model;
using Proxy.Actors.Model.Config;
using Proxy.Actors.Model.Middlewares;

namespace Proxy.Node.Middlewares;

/// <summary>
/// replacePathRegex: matched against the path as it goes on the wire (percent-encoded), as Traefik matches
/// its escaped path; when it matches, every match is replaced and the old path goes to X-Replaced-Path.
/// </summary>
internal sealed class ReplacePathRegexHandler : IHttpMiddleware
{
    private readonly Regex _regex;
    private readonly string _replacement;

    public ReplacePathRegexHandler(MiddlewareSnapshot definition, ReplacePathRegexConfig options)
    {
        Definition = definition;
        _regex = LinearRegex.Create(options.Regex!);
        _replacement = LinearRegex.Replacement(_regex, options.Replacement!);
    }

    public MiddlewareSnapshot Definition { get; }

    public void RewritePath(ref PathRewrite path)
    {
        var current = path.CurrentRawPath;
        if (_regex.IsMatch(current))
        {
            var replaced = _regex.Replace(current, _replacement);
            // The request line needs an origin-form path: a replacement that drops the '/' gets it back.
            path.Replace(replaced.StartsWith('/') ? replaced : "/" + replaced);
        }
    }
}
