using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace Proxy.Node.Middlewares.Limits;

/// <summary>The 429 answer of rateLimit and inFlightReq, as Traefik writes it.</summary>
internal static class TooManyRequests
{
    private const string Body = "Too Many Requests";

    /// <summary>
    /// rateLimit's: <c>Retry-After</c> in whole seconds rounded up and <c>X-Retry-In</c> as a Go duration,
    /// both from when the client's next token comes.
    /// </summary>
    public static Task WriteAsync(HttpContext context, TimeSpan retryIn)
    {
        var headers = context.Response.Headers;
        headers.RetryAfter = Math.Ceiling(retryIn.TotalSeconds).ToString(CultureInfo.InvariantCulture);
        headers["X-Retry-In"] = GoDuration.Format(retryIn);
        return WriteAsync(context);
    }

    /// <summary>inFlightReq's: no time to give, the client's other requests decide it.</summary>
    public static Task WriteAsync(HttpContext context)
    {
        var response = context.Response;
        response.StatusCode = StatusCodes.Status429TooManyRequests;
        response.ContentType = "text/plain; charset=utf-8";
        response.ContentLength = Body.Length;
        return response.WriteAsync(Body);
    }
}
