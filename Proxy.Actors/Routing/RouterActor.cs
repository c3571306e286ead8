using Akka.Actor;
using Akka.Event;
using Proxy.Actors.Configuration;
using Proxy.Actors.Model;
using Proxy.Actors.Model.Views;

namespace Proxy.Actors.Routing;

/// <summary>
/// Owns one router's standing: it logs when the router starts or stops serving and answers
/// questions about it. Matching itself happens on the request path, from the snapshot.
/// </summary>
public sealed class RouterActor : ReceiveActor
{
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private RouterView _view;

    public RouterActor(RouterView view)
    {
        _view = view;
        Receive<ConfigureRouter>(Reconfigure);
        Receive<GetRouter>(_ => Sender.Tell(new GetRouterResult(_view)));
    }

    public static Props Props(RouterView view) => ActorFactory.Props(() => new RouterActor(view));

    protected override void PreStart() => LogStatus(null);

    private void Reconfigure(ConfigureRouter configure)
    {
        var before = _view.Status;
        _view = configure.View;
        LogStatus(before);
    }

    private void LogStatus(ObjectStatus? before)
    {
        if (before == _view.Status)
        {
            return;
        }

        if (_view.Status == ObjectStatus.Enabled)
        {
            _log.Info("Router {0} serves {1}", _view.Name, _view.Serving?.Rule.Text);
        }
        else
        {
            _log.Warning("Router {0} is {1}: {2}", _view.Name, _view.Status, string.Join("; ", _view.Errors));
        }
    }
}

public sealed class GetRouter
{
    public static GetRouter Instance { get; } = new();

    private GetRouter()
    {
    }
}

public sealed record GetRouterResult(RouterView View);
