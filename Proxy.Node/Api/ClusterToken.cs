using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace Proxy.Node.Api;

/// <summary>
/// The bearer token that guards the cluster routes (leave and down act on the whole cluster).
/// /ready and /alive stay open: load balancers and orchestrators probe them without credentials.
/// </summary>
public static class ClusterToken
{
    public static bool Authorized(HttpContext context, string token)
    {
        if (!context.Request.Path.StartsWithSegments("/cluster", StringComparison.Ordinal))
        {
            return true;
        }

        var header = context.Request.Headers.Authorization.ToString();
        const string scheme = "Bearer ";
        if (!header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        // Constant time, so the token cannot be guessed a character at a time from response timing.
        return CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(header[scheme.Length..].Trim()), Encoding.UTF8.GetBytes(token));
    }

    public static Task RejectAsync(HttpContext context)
    {
        context.Response.StatusCode = StatusCodes.Status401Unauthorized;
        context.Response.Headers.WWWAuthenticate = "Bearer";
        return context.Response.WriteAsJsonAsync(new { message = "the cluster API needs Authorization: Bearer <management.token>" });
    }
}
