using Proxy.Actors.Model;
using Proxy.Actors.Model.Config;
using Proxy.Actors.Model.Middlewares;
using Proxy.Actors.Model.Views;

namespace Proxy.Actors.Configuration.Validation;

/// <summary>
/// An errors middleware names a service, which only exists once every provider's services are known:
/// a middleware whose service is missing or disabled is disabled with that error, and the rest serves.
/// </summary>
internal static class ErrorPageServices
{
    public static void DisableMissing(
        IDictionary<string, MiddlewareSnapshot> middlewares,
        IDictionary<string, MiddlewareView> middlewareViews,
        IDictionary<string, ServiceDefinition> services,
        IDictionary<string, ServiceView> serviceViews)
    {
        foreach (var (name, middleware) in middlewares.ToList())
        {
            if (middleware is not DeclaredMiddleware { Options: ErrorsConfig { Service: { } service } } || services.ContainsKey(service))
            {
                continue;
            }

            var view = middlewareViews[name];
            var localName = name[..name.LastIndexOf('@')];
            var message = serviceViews.ContainsKey(service)
                ? $"service '{service}' has errors and is disabled"
                : $"service '{service}' does not exist";
            var source = view.Errors.IsEmpty ? view.Provider : view.Errors[0].Source;
            middlewares.Remove(name);
            middlewareViews[name] = view with
            {
                Serving = null,
                Status = ObjectStatus.Disabled,
                Errors = view.Errors.Add(new ConfigError(source, $"http.middlewares.{localName}.errors.service", message)),
            };
        }
    }
}
