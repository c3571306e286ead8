using Microsoft.AspNetCore.Http;

namespace Proxy.Node.Forwarding;

/// <summary>A redirect the node answers itself, with Traefik's status codes and body.</summary>
internal static class RedirectResponse
{
    /// <summary>
    /// Traefik's codes (pkg/middlewares/redirect): 301 or 302 for GET, 308 or 307 for any other method,
    /// whose clients must then repeat the method and body.
    /// </summary>
    public static int Status(bool permanent, string method) =>
        HttpMethods.IsGet(method) ? permanent ? 301 : 302 : permanent ? 308 : 307;

    public static Task WriteAsync(HttpContext context, string location, bool permanent)
    {
        var status = Status(permanent, context.Request.Method);
        var response = context.Response;
        var body = ReasonPhrase(status);
        response.StatusCode = status;
        response.Headers.Location = location;
        response.ContentType = "text/plain; charset=utf-8";
        response.ContentLength = body.Length;
        return response.WriteAsync(body);
    }

    private static string ReasonPhrase(int status) => status switch
    {
        301 => "Moved Permanently",
        302 => "Found",
        307 => "Temporary Redirect",
        _ => "Permanent Redirect",
    };
}
