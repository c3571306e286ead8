namespace Proxy.Actors.Model.Middlewares;

/// <summary>
/// Retry across servers. <see cref="Attempts"/> counts every try including the first, as Traefik does.
/// </summary>
public sealed record RetryMiddleware(
    string Name,
    int Attempts,
    TimeSpan InitialInterval,
    bool RetryNonIdempotent,
    long MaxBodyBytes) : MiddlewareSnapshot(Name)
{
    /// <summary>Bodies up to this size are buffered so that a retry can replay them (declared by <see cref="Config.RetryConfig"/>).</summary>
    public const long DefaultMaxBodyBytes = Config.RetryConfig.DefaultMaxBodyBytes;

    public override string Type => "retry";
}
