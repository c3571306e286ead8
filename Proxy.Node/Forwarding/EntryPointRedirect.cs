using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Proxy.Actors.Model;
using Proxy.Node.Hosting;

namespace Proxy.Node.Forwarding;

/// <summary>
/// Answers a request on an entry point that redirects. Traefik builds this as a router of its own
/// (rule matching every host, priority <see cref="EntryPointRedirection.Priority"/>), so a router of
/// higher priority still serves and every other request is redirected, matched or not.
/// </summary>
internal static class EntryPointRedirect
{
    /// <summary>Whether the redirection goes ahead of <paramref name="route"/>, the router matched on the entry point (null: none).</summary>
    public static bool Applies(EntryPointRedirection redirection, RouteTarget? route) =>
        route is null || route.Priority <= redirection.Priority;

    public static Task WriteAsync(HttpContext context, EntryPointRedirection redirection)
    {
        var request = context.Request;
        var rawTarget = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? request.Path.Value ?? "/";
        var location = RedirectLocation.Build(redirection, RequestHost.Of(request).Value ?? "", rawTarget, out var problem);
        if (location is null)
        {
            return ErrorResponses.BadRequest(context, problem!);
        }

        return RedirectResponse.WriteAsync(context, location, redirection.Permanent);
    }
}
