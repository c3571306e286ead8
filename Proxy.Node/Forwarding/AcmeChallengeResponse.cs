using Microsoft.AspNetCore.Http;
using Proxy.Actors.Certificates;

namespace Proxy.Node.Forwarding;

/// <summary>
/// Answers ACME HTTP-01 validation requests on every entry point from the cluster's replicated
/// answers, whichever node ordered the certificate. Traefik serves them from a router of the highest
/// priority on the resolver's challenge entry point; this node serves them on all entry points (the
/// CA only ever asks on port 80, and an answer is useless to anyone but the CA), ahead of routing and
/// redirection as Traefik's router is. An unknown token is Traefik's 404.
/// </summary>
internal static class AcmeChallengeResponse
{
    public static bool Claims(AcmeHttpChallenges challenges, HttpRequest request) =>
        challenges.Active && request.Path.Value is { } path && path.StartsWith(AcmeHttpChallenges.PathPrefix, StringComparison.Ordinal);

    public static Task WriteAsync(HttpContext context, AcmeHttpChallenges challenges)
    {
        var request = context.Request;
        var token = request.Path.Value.AsSpan(AcmeHttpChallenges.PathPrefix.Length);
        var host = RequestHost.Of(request).Host;
        if (token.Contains('/') || !challenges.TryAnswer(token, host, out var keyAuthorization))
        {
            return ErrorResponses.Write(context, 404);
        }

        var response = context.Response;
        response.StatusCode = 200;
        response.ContentType = "text/plain";
        // A key authorization is base64url and a dot: one byte a character.
        response.ContentLength = keyAuthorization.Length;
        return response.WriteAsync(keyAuthorization);
    }
}
