using Proxy.Actors.Model.Middlewares;

namespace Proxy.Node.Middlewares;

/// <summary>
/// retry: acts in no step of its own. The request path reads the chain's retry to buffer a body it
/// may replay and hands failed attempts to a request actor, which decides from the same definition.
/// </summary>
internal sealed class RetryHandler(RetryMiddleware definition) : IHttpMiddleware
{
    public MiddlewareSnapshot Definition => definition;
}
