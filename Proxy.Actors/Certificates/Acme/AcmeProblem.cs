namespace Proxy.Actors.Certificates.Acme;

/// <summary>
/// An error from the CA as a value: the RFC 7807 problem document the CA sent (type such as
/// <c>urn:ietf:params:acme:error:rateLimited</c>, detail, HTTP status), or one of the client's own
/// (<see cref="TransportType"/>, <see cref="TimeoutType"/>, <see cref="ProtocolType"/>), with the
/// operation that failed and, when the CA asked for one, how long to wait before retrying.
/// </summary>
public sealed record AcmeProblem(string Type, string Detail, int Status, string Operation, TimeSpan? RetryAfter = null)
{
    public const string ErrorPrefix = "urn:ietf:params:acme:error:";

    /// <summary>The CA could not be reached or the connection broke.</summary>
    public const string TransportType = "urn:proxy:acme:transport";

    /// <summary>A poll did not reach a final state within the caller's limit.</summary>
    public const string TimeoutType = "urn:proxy:acme:timeout";

    /// <summary>The CA answered something this client cannot read (not RFC 8555).</summary>
    public const string ProtocolType = "urn:proxy:acme:protocol";

    /// <summary>A rate limit (RFC 8555 section 6.6): back off for <see cref="RetryAfter"/>, or longer.</summary>
    public bool IsRateLimited => Status == 429 || Type == ErrorPrefix + "rateLimited";

    public bool IsBadNonce => Type == ErrorPrefix + "badNonce";

    public override string ToString() =>
        $"{Operation}: {Type} ({Status}): {Detail}" + (RetryAfter is { } wait ? $"; retry after {wait.TotalSeconds:0} s" : string.Empty);
}
