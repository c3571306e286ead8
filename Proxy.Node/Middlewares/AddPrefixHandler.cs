using Microsoft.AspNetCore.Http;
using Proxy.Actors.Model.Config;
using Proxy.Actors.Model.Middlewares;

namespace Proxy.Node.Middlewares;

/// <summary>addPrefix: puts the prefix in front of the path (a trailing '/' of the prefix is dropped).</summary>
internal sealed class AddPrefixHandler : IHttpMiddleware
{
    private readonly PathString _prefix;
    private readonly string _encoded;

    public AddPrefixHandler(MiddlewareSnapshot definition, AddPrefixConfig options)
    {
        Definition = definition;
        _prefix = new PathString(options.Prefix!.TrimEnd('/'));
        _encoded = _prefix.ToUriComponent();
    }

    public MiddlewareSnapshot Definition { get; }

    public void RewritePath(ref PathRewrite path) => path.Prepend(_prefix, _encoded);
}
