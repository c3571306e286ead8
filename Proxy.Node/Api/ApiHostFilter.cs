using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

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
        if (policy.Allows(http.Request.Host, http.Connection.LocalIpAddress))
        {
            return await next(context).ConfigureAwait(false);
        }

        var host = http.Request.Host.Value ?? string.Empty;
        LogRefused(logger, http.Request.Method, http.Request.Path, host, http.Connection.RemoteIpAddress?.ToString());
        return Results.Json(
            new
            {
                message = $"Host '{host}' is not a name of this node's API: it answers its own address, loopback, "
                    + $"{string.Join(", ", policy.Names)}. This guards against DNS rebinding; if '{http.Request.Host.Host}' "
                    + "is yours, add it with --api.allowedhosts",
            },
            statusCode: StatusCodes.Status421MisdirectedRequest);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused {Method} {Path} from {Remote}: Host '{Host}' is not a name of this node's API (--api.allowedhosts)")]
    private static partial void LogRefused(ILogger logger, string method, string path, string host, string? remote);
}
