using Microsoft.AspNetCore.Http;
using Proxy.Actors.Certificates;

namespace Proxy.Node.Forwarding;

/// <summary>
/// Answers ACME HTTP-01 validation requests from the cluster's replicated answers, whichever node
/// ordered the certificate, ahead of routing and redirection as Traefik's challenge router of highest
/// priority is. A token of ours is answered on every entry point (the answer is useless to anyone but
/// the CA). An unknown token is Traefik's 404 only on a resolver's <c>httpChallenge.entryPoint</c>;
/// on any other entry point it is routed, so a backend running its own HTTP-01 (certbot's webroot
/// behind the proxy) still gets its CA's requests.
/// </summary>
internal static class AcmeChallengeResponse
{
    /// <summary>
    /// What to answer, or null to route the request: the key authorization of a token of ours, an empty
    /// string for the 404 of an unknown token on a challenge entry point.
    /// </summary>
    public static string? Claims(AcmeHttpChallenges challenges, HttpRequest request, bool challengeEntryPoint)
    {
        if (!challenges.Active || request.Path.Value is not { } path || !path.StartsWith(AcmeHttpChallenges.PathPrefix, StringComparison.Ordinal))
        {
            return null;
        }

        var token = path.AsSpan(AcmeHttpChallenges.PathPrefix.Length);
        if (!token.Contains('/') && challenges.TryAnswer(token, RequestHost.Of(request).Host, out var keyAuthorization))
        {
            return keyAuthorization;
        }

        return challengeEntryPoint ? "" : null;
    }

    /// <summary>Writes what <see cref="Claims"/> returned: the key authorization, or 404 for an empty one.</summary>
    public static Task WriteAsync(HttpContext context, string answer)
    {
        if (answer.Length == 0)
        {
            return ErrorResponses.Write(context, 404);
        }

        var response = context.Response;
        response.StatusCode = 200;
        response.ContentType = "text/plain";
        // A key authorization is base64url and a dot: one byte a character.
        response.ContentLength = answer.Length;
        return response.WriteAsync(answer);
    }
}
