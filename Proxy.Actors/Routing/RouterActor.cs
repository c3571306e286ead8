using Akka.Actor;
using Akka.Event;
using Proxy.Actors.Model;
using Proxy.Actors.Routing.Middlewares;

namespace Proxy.Actors.Routing;

/// <summary>
/// Owns one router: its compiled rule, the instance of its middleware chain (where per-router
/// middleware state lives) and its counters. It builds them when told a changed spec, keeps them
/// while the spec stays the same, and publishes them to its parent, which assembles the snapshot.
/// </summary>
public sealed class RouterActor : ReceiveActor
{
    private readonly IMiddlewareHandlerFactory _handlers;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly ConfigureRouter _initial;
    private RouterSpec? _spec;
    private PublishedRouter? _published;

    public RouterActor(ConfigureRouter initial, IMiddlewareHandlerFactory handlers)
    {
        _initial = initial;
        _handlers = handlers;
        Receive<ConfigureRouter>(Configure);
        Receive<GetRouter>(_ => Sender.Tell(new GetRouterResult(_published)));
    }

    public static Props Props(ConfigureRouter initial, IMiddlewareHandlerFactory handlers) =>
        ActorFactory.Props(() => new RouterActor(initial, handlers));

    protected override void PreStart() => Configure(_initial);

    private void Configure(ConfigureRouter configure)
    {
        var spec = configure.Spec;
        if (_published is not null && _spec is not null && _spec.SameAs(spec))
        {
            // Nothing a request could tell apart changed: the chain's state and the counts go on.
            Context.Parent.Tell(new RouterPublished(_published, configure.Generation));
            return;
        }

        MiddlewareChain chain;
        try
        {
            chain = MiddlewareChain.Build(spec.Middlewares, _handlers);
        }
        catch (Exception e)
        {
            // Caught, not left to the supervisor: a restart would build the same chain and fail again.
            // The router serves nothing until its spec changes, and says why where operators look.
            _spec = spec;
            _published = null;
            var error = new ConfigError(spec.Definition.Provider, $"http.routers.{LocalName(spec.Name)}.middlewares", $"cannot build the middleware chain: {e.Message}");
            _log.Error("Router {0} is disabled: {1}", spec.Name, error.Message);
            Context.Parent.Tell(new RouterFailed(spec.Name, error, configure.Generation));
            return;
        }

        var definition = spec.Definition;
        var first = _published is null;
        _spec = spec;
        _published = new PublishedRouter(definition, new RouteTarget(definition.Name, definition.Service, chain, new RouterCounters()));
        // A reload may change thousands of routers at once: only the start of serving is worth a line at info.
        if (first)
        {
            _log.Info("Router {0} serves {1}", definition.Name, definition.Rule.Text);
        }
        else
        {
            _log.Debug("Router {0} rebuilt: serves {1} with {2} middlewares", definition.Name, definition.Rule.Text, chain.Handlers.Length);
        }

        Context.Parent.Tell(new RouterPublished(_published, configure.Generation));
    }

    private static string LocalName(string qualified)
    {
        var at = qualified.LastIndexOf('@');
        return at < 0 ? qualified : qualified[..at];
    }
}
