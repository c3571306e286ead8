using Proxy.Actors.Model.Config;
using Proxy.Actors.Model.Middlewares;

namespace Proxy.Node.Middlewares;

/// <summary>replacePath: the server receives the configured path, written as it goes on the wire; the old one goes to X-Replaced-Path.</summary>
internal sealed class ReplacePathHandler(MiddlewareSnapshot definition, ReplacePathConfig options) : IHttpMiddleware
{
    private readonly string _path = options.Path!;

    public MiddlewareSnapshot Definition => definition;

    public void RewritePath(ref PathRewrite path) => path.Replace(_path);
}
