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

    /// <summary>
    /// Traefik's codes (pkg/middlewares/redirect): 301 or 302 for GET, 308 or 307 for any other method,
    /// whose clients must then repeat the method and body.
    /// </summary>
    public static int Status(bool permanent, string method) =>
        HttpMethods.IsGet(method) ? permanent ? 301 : 302 : permanent ? 308 : 307;

    public static Task WriteAsync(HttpContext context, EntryPointRedirection redirection)
    {
        var request = context.Request;
        var rawTarget = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? request.Path.Value ?? "/";
        var location = RedirectLocation.Build(redirection, RequestHost.Of(request).Value ?? "", rawTarget, out var problem);
        if (location is null)
        {
            return ErrorResponses.BadRequest(context, problem!);
        }

        var status = Status(redirection.Permanent, request.Method);
        var response = context.Response;
        response.StatusCode = status;
        response.Headers.Location = location;
        response.ContentType = "text/plain; charset=utf-8";
        return response.WriteAsync(ReasonPhrase(status));
    }

    private static string ReasonPhrase(int status) => status switch
    {
        301 => "Moved Permanently",
        302 => "Found",
        307 => "Temporary Redirect",
        _ => "Permanent Redirect",
    };
}
