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
    /// <summary>Bodies up to this size are buffered so that a retry can replay them.</summary>
    public const long DefaultMaxBodyBytes = 64 * 1024;

    public static TimeSpan DefaultInitialInterval { get; } = TimeSpan.FromMilliseconds(100);

    public override string Type => "retry";
}
