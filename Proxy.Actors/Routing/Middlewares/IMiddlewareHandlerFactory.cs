using Proxy.Actors.Model.Middlewares;

namespace Proxy.Actors.Routing.Middlewares;

/// <summary>
/// Turns a validated middleware into a new handler instance. Given by the host to the configuration
/// actor, which hands it to every router actor: the actors decide when a chain is built, the host
/// what its handlers do.
/// </summary>
public interface IMiddlewareHandlerFactory
{
    /// <summary>A new handler for <paramref name="definition"/>, with fresh state.</summary>
    /// <exception cref="NotSupportedException">The host has no handler for the definition's type.</exception>
    IMiddlewareHandler Create(MiddlewareSnapshot definition);
}
