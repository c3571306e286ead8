using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Proxy.Node.Forwarding;

namespace Proxy.Node.Api;

/// <summary>
/// Put on the route group that holds every API and management endpoint except the probes: a
/// request whose Host the <see cref="ApiHostPolicy"/> refuses gets 421 before any handler runs.
/// </summary>
public sealed partial class ApiHostFilter(ApiHostPolicy policy, ILogger logger) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var requestHost = RequestHost.Of(http.Request);
        if (policy.Allows(requestHost, http.Connection.LocalIpAddress))
        {
            return await next(context).ConfigureAwait(false);
        }

        var host = requestHost.Value ?? string.Empty;
        LogRefused(logger, http.Request.Method, http.Request.Path, host, http.Connection.RemoteIpAddress?.ToString());
        // The body names no name the node answers to: a page that got here through DNS rebinding can read it.
        return Results.Json(
            new
            {
                message = $"Host '{host}' is not a name of this node's API, which answers only its own addresses, loopback, "
                    + "localhost, its hostnames and the names in --api.allowedhosts (a guard against DNS rebinding). "
                    + $"If '{requestHost.Host}' is yours, add it with --api.allowedhosts",
            },
            statusCode: StatusCodes.Status421MisdirectedRequest);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused {Method} {Path} from {Remote}: Host '{Host}' is not a name of this node's API (--api.allowedhosts)")]
    private static partial void LogRefused(ILogger logger, string method, string path, string host, string? remote);
}
