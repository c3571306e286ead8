using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Proxy.Node.Api;

/// <summary>
/// Put on the cluster routes' group when --management.token is set: a request without
/// <c>Authorization: Bearer &lt;token&gt;</c> gets 401 before the handler runs, however its path was
/// written, since it is the endpoint routing chose that carries the filter.
/// </summary>
public sealed partial class ClusterTokenFilter(string token, ILogger logger) : IEndpointFilter
{
    private const string Scheme = "Bearer ";

    // Digests of equal length, so the comparison takes the same time whatever the caller sent,
    // its length included: the token cannot be guessed a character at a time from timings.
    private readonly byte[] _expected = SHA256.HashData(Encoding.UTF8.GetBytes(token));

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (Presents(http.Request.Headers.Authorization.ToString()))
        {
            return await next(context).ConfigureAwait(false);
        }

        LogRefused(logger, http.Request.Method, http.Request.Path, http.Connection.RemoteIpAddress?.ToString());
        http.Response.Headers.WWWAuthenticate = "Bearer";
        return Results.Json(
            new { message = "the cluster API needs Authorization: Bearer <management.token>" },
            statusCode: StatusCodes.Status401Unauthorized);
    }

    private bool Presents(string header) =>
        header.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase)
        && CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(header[Scheme.Length..].Trim())), _expected);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused {Method} {Path} from {Remote}: no valid bearer token (--management.token)")]
    private static partial void LogRefused(ILogger logger, string method, string path, string? remote);
}
