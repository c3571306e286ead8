using Akka.Actor;
using Akka.Event;
using Proxy.Actors.Model;
using Proxy.Actors.Routing.Middlewares;

namespace Proxy.Actors.Routing;

/// <summary>
/// Owns one router: its compiled rule, the instance of its middleware chain (where per-router
/// middleware state lives) and its counters. It builds them whenever it is told a spec (its parent
/// tells it only changed ones) and publishes them to its parent, which assembles the snapshot.
/// </summary>
public sealed class RouterActor : ReceiveActor
{
    private readonly IMiddlewareHandlerFactory _handlers;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly ConfigureRouter _initial;
    private bool _served;

    public RouterActor(ConfigureRouter initial, IMiddlewareHandlerFactory handlers)
    {
        _initial = initial;
        _handlers = handlers;
        Receive<ConfigureRouter>(Configure);
    }

    /// <param name="initial">The spec to build first. The parent stops rather than restarts a failing
    /// router actor and creates a new one from the router's current spec, so this is never stale.</param>
    public static Props Props(ConfigureRouter initial, IMiddlewareHandlerFactory handlers) =>
        ActorFactory.Props(() => new RouterActor(initial, handlers));

    protected override void PreStart() => Configure(_initial);

    private void Configure(ConfigureRouter configure)
    {
        var spec = configure.Spec;
        MiddlewareChain chain;
        try
        {
            chain = MiddlewareChain.Build(spec.Middlewares, _handlers);
        }
        catch (Exception e)
        {
            // Caught, not left to the supervisor: a replacement actor would build the same chain and fail again.
            // The router serves nothing until its spec changes, and says why where operators look.
            // The parent attributes it as the router's other errors (ConfigValidator.ErrorSource).
            var error = new ConfigError(spec.Definition.Provider, $"http.routers.{LocalName(spec.Name)}.middlewares", $"cannot build the middleware chain: {e.Message}");
            _log.Error("Router {0} is disabled: {1}", spec.Name, error.Message);
            Context.Parent.Tell(new RouterFailed(spec.Name, error, configure.Generation));
            return;
        }

        var definition = spec.Definition;
        var first = !_served;
        _served = true;
        var published = new PublishedRouter(definition, new RouteTarget(definition.Name, definition.Service, chain, new RouterCounters()) { Priority = definition.Priority });
        // A reload may change thousands of routers at once: only the start of serving is worth a line at info.
        if (first)
        {
            _log.Info("Router {0} serves {1}", definition.Name, definition.Rule.Text);
        }
        else
        {
            _log.Debug("Router {0} rebuilt: serves {1} with {2} middlewares", definition.Name, definition.Rule.Text, chain.Handlers.Length);
        }

        Context.Parent.Tell(new RouterPublished(published, configure.Generation));
    }

    private static string LocalName(string qualified)
    {
        var at = qualified.LastIndexOf('@');
        return at < 0 ? qualified : qualified[..at];
    }
}
