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
    public override string Type => "retry";
}
