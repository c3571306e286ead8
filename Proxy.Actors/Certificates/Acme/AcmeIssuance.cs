using System.Security.Cryptography.X509Certificates;

namespace Proxy.Actors.Certificates.Acme;

/// <summary>
/// One order from start to certificate on an account the client already has: newOrder, each
/// pending authorization answered through the responder with the chosen challenge type and
/// validated, finalize with a fresh key of the key type, download. The first problem ends it.
/// </summary>
public static class AcmeIssuance
{
    public static async Task<AcmeResult<AcmeIssuedCertificate>> OrderAsync(
        AcmeClient client,
        IReadOnlyList<string> domains,
        string challengeType,
        AcmeKeyType keyType,
        IAcmeChallengeResponder responder,
        TimeSpan pollLimit,
        CancellationToken cancellationToken = default)
    {
        var order = await client.NewOrderAsync(domains, cancellationToken);
        if (!order.IsSuccess)
        {
            return order.Problem;
        }

        foreach (var url in order.Value.Authorizations)
        {
            var authorized = await AuthorizeAsync(client, url, challengeType, responder, pollLimit, cancellationToken);
            if (authorized is not null)
            {
                return authorized;
            }
        }

        using var request = AcmeCertificateRequest.Create(keyType, domains);
        var finalized = await client.FinalizeAsync(order.Value, request.Csr, pollLimit, cancellationToken);
        if (!finalized.IsSuccess)
        {
            return finalized.Problem;
        }

        var chain = await client.DownloadCertificateAsync(finalized.Value.Certificate!, cancellationToken);
        if (!chain.IsSuccess)
        {
            return chain.Problem;
        }

        using var leaf = X509Certificate2.CreateFromPem(chain.Value);
        return new AcmeIssuedCertificate([.. domains], chain.Value, request.Key.ExportPkcs8PrivateKeyPem(), new DateTimeOffset(leaf.NotAfter.ToUniversalTime()), order.Value.Location);
    }

    /// <summary>Null when the authorization is valid (already, or after the challenge), else the problem.</summary>
    private static async Task<AcmeProblem?> AuthorizeAsync(AcmeClient client, Uri url, string challengeType, IAcmeChallengeResponder responder, TimeSpan pollLimit, CancellationToken cancellationToken)
    {
        var authorization = await client.GetAuthorizationAsync(url, cancellationToken);
        if (!authorization.IsSuccess)
        {
            return authorization.Problem;
        }

        // The CA may reuse an authorization this account passed recently.
        if (authorization.Value.Status == "valid")
        {
            return null;
        }

        if (authorization.Value.Challenge(challengeType) is not { } challenge)
        {
            var offered = string.Join(", ", authorization.Value.Challenges.Select(c => c.Type));
            return new AcmeProblem(AcmeProblem.ErrorPrefix + "unsupportedIdentifier", $"the CA offers no {challengeType} challenge for {authorization.Value.Identifier} (offered: {offered})", 0, "authorization");
        }

        var answer = new AcmeChallengeAnswer(authorization.Value.Identifier, challengeType, challenge.Token, client.Key.KeyAuthorization(challenge.Token));
        await responder.PublishAsync(answer, cancellationToken);
        try
        {
            var validated = await client.ValidateAsync(authorization.Value, challenge, pollLimit, cancellationToken);
            return validated.IsSuccess ? null : validated.Problem;
        }
        finally
        {
            await responder.WithdrawAsync(answer, CancellationToken.None);
        }
    }
}
