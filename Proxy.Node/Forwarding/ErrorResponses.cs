using Microsoft.AspNetCore.Http;

namespace Proxy.Node.Forwarding;

/// <summary>The proxy's own answers, one place for their status codes and bodies (Traefik's wording).</summary>
internal static class ErrorResponses
{
    public static Task Write(HttpContext context, int status)
    {
        if (context.Response.HasStarted)
        {
            return Task.CompletedTask;
        }

        context.Response.StatusCode = status;
        context.Response.ContentType = "text/plain; charset=utf-8";
        var body = status switch
        {
            404 => "404 page not found\n",
            499 => string.Empty,
            502 => "Bad Gateway\n",
            503 => "Service Unavailable\n",
            504 => "Gateway Timeout\n",
            _ => $"{status}\n",
        };

        // Declared, so the client need not read chunks and the access log reads the size (ASCII: one byte a character).
        context.Response.ContentLength = body.Length;
        return context.Response.WriteAsync(body);
    }

    /// <summary>
    /// A client's mistake, saying what it was: <c>400 Bad Request: &lt;problem&gt;</c>. Kept apart
    /// from <see cref="Write"/>, whose bodies are fixed per status.
    /// </summary>
    public static Task BadRequest(HttpContext context, string problem)
    {
        if (context.Response.HasStarted)
        {
            return Task.CompletedTask;
        }

        var body = $"400 Bad Request: {problem}\n";
        context.Response.StatusCode = 400;
        context.Response.ContentType = "text/plain; charset=utf-8";
        context.Response.ContentLength = System.Text.Encoding.UTF8.GetByteCount(body);
        return context.Response.WriteAsync(body);
    }
}
