using System.Collections.Immutable;
using Proxy.Actors.Model.Middlewares;

namespace Proxy.Actors.Routing.Middlewares;

/// <summary>
/// A router's middlewares as handler instances, in the order the router lists them. Built by the
/// router's actor when its definition changes and shared, unchanged, by every request until then.
/// </summary>
public sealed class MiddlewareChain
{
    private MiddlewareChain(ImmutableArray<IMiddlewareHandler> handlers)
    {
        Handlers = handlers;
        Definitions = [.. handlers.Select(h => h.Definition)];
        // The last one wins, as the innermost of nested retries would decide.
        Retry = Definitions.OfType<RetryMiddleware>().LastOrDefault();
    }

    /// <summary>For routers without middlewares: it holds no state, so one instance serves them all.</summary>
    public static MiddlewareChain Empty { get; } = new([]);

    public ImmutableArray<IMiddlewareHandler> Handlers { get; }

    public ImmutableArray<MiddlewareSnapshot> Definitions { get; }

    /// <summary>The retry the request path and the request actor follow, or null when the router does not retry.</summary>
    public RetryMiddleware? Retry { get; }

    public bool IsEmpty => Handlers.IsEmpty;

    /// <summary>A new handler for each definition, in order.</summary>
    /// <exception cref="NotSupportedException">The factory has no handler for one of the types.</exception>
    public static MiddlewareChain Build(ImmutableArray<MiddlewareSnapshot> definitions, IMiddlewareHandlerFactory factory) =>
        definitions.IsDefaultOrEmpty ? Empty : new MiddlewareChain([.. definitions.Select(factory.Create)]);
}
