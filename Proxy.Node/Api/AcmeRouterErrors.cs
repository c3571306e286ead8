using Proxy.Actors.Certificates.Resolving;
using Proxy.Actors.Model;
using Proxy.Actors.Model.Views;

namespace Proxy.Node.Api;

/// <summary>
/// Adds to a router's view what its certificate resolver reported (an unknown resolver, an order
/// that failed): the router keeps serving with the default certificate, so it shows as a warning
/// with the resolver's message among its errors, as Traefik shows a router's resolver error.
/// </summary>
public static class AcmeRouterErrors
{
    public const string Source = "certificate resolver";

    public static RouterView Overlay(RouterView view, AcmeRouterStatusCell? status)
    {
        if (status is null || !status.Current.TryGetValue(view.Name, out var messages) || messages.IsEmpty)
        {
            return view;
        }

        return view with
        {
            Status = view.Status == ObjectStatus.Enabled ? ObjectStatus.Warning : view.Status,
            Errors = view.Errors.AddRange(messages.Select(message => Error(view.Name, message))),
        };
    }

    public static IEnumerable<ConfigError> All(AcmeRouterStatusCell? status) =>
        status is null ? [] : status.Current.SelectMany(pair => pair.Value.Select(message => Error(pair.Key, message)));

    private static ConfigError Error(string router, string message)
    {
        var at = router.LastIndexOf('@');
        return new ConfigError(Source, $"http.routers.{(at < 0 ? router : router[..at])}.tls.certResolver", message);
    }
}
