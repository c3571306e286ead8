using Proxy.Actors.Model.Middlewares;

namespace Proxy.Actors.Routing.Middlewares;

/// <summary>
/// One middleware as one router runs it. The host (which knows HTTP) implements one handler class
/// per middleware type; a router actor holds its instances, so whatever a middleware keeps between
/// requests (rate-limit buckets, a circuit breaker's state) belongs to that router and lives as long
/// as its definition does.
/// </summary>
public interface IMiddlewareHandler
{
    /// <summary>The validated definition the handler was made from.</summary>
    MiddlewareSnapshot Definition { get; }
}
