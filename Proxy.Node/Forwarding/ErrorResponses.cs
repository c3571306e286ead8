using Microsoft.AspNetCore.Http;

namespace Proxy.Node.Forwarding;

/// <summary>The proxy's own answers, one place for their status codes and bodies (Traefik's wording).</summary>
internal static class ErrorResponses
{
    public static Task Write(HttpContext context, int status) => Write(context, status, status switch
    {
        400 => "Bad Request\n",
        404 => "404 page not found\n",
        408 => "Request Timeout\n",
        421 => "Misdirected Request\n",
        499 => string.Empty,
        502 => "Bad Gateway\n",
        503 => "Service Unavailable\n",
        504 => "Gateway Timeout\n",
        508 => "Loop Detected\n",
        _ => $"{status}\n",
    });

    /// <summary>A client's mistake, with what it was: <c>400 Bad Request: &lt;problem&gt;</c>.</summary>
    public static Task BadRequest(HttpContext context, string problem) => Write(context, 400, $"400 Bad Request: {problem}\n");

    /// <summary>headers' answer to a host not in allowedHosts: Traefik's (unrolled/secure's) 500 "Bad Host".</summary>
    public static Task BadHost(HttpContext context) => Write(context, 500, "Bad Host\n");

    private static Task Write(HttpContext context, int status, string body)
    {
        if (context.Response.HasStarted)
        {
            return Task.CompletedTask;
        }

        context.Response.StatusCode = status;
        context.Response.ContentType = "text/plain; charset=utf-8";
        // Declared, so the client need not read chunks and the access log reads the size (ASCII: one byte a character).
        context.Response.ContentLength = body.Length;
        return context.Response.WriteAsync(body);
    }
}
