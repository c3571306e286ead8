using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Proxy.Node.Api;

/// <summary>
/// Put on leave and down while the cluster API is read-only (--management.readonly, on unless a
/// token is set): they answer 403 saying how to allow them, as Akka Management serves its cluster
/// routes read-only unless told otherwise.
/// </summary>
public sealed partial class ClusterReadOnlyFilter(ILogger logger) : IEndpointFilter
{
    public const string Message =
        "the cluster API is read-only: leave and down are refused. Start the node with --management.token=<token> "
        + "(callers then send Authorization: Bearer <token>) or with --management.readonly=false to allow them";

    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        LogRefused(logger, http.Request.Method, http.Request.Path, http.Connection.RemoteIpAddress?.ToString());
        return ValueTask.FromResult<object?>(Results.Json(new { message = Message }, statusCode: StatusCodes.Status403Forbidden));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused {Method} {Path} from {Remote}: the cluster API is read-only (--management.readonly)")]
    private static partial void LogRefused(ILogger logger, string method, string path, string? remote);
}
