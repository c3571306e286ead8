using Proxy.Actors.Configuration.Schema;

namespace Proxy.Actors.Model.Config;

/// <summary>
/// Traefik's retry (<c>attempts</c>, <c>initialInterval</c>), plus whether non-idempotent methods
/// may be retried and how much of a request body may be buffered to replay it.
/// <see cref="Attempts"/> counts every try including the first, as Traefik does.
/// </summary>
public sealed record RetryConfig(int? Attempts, string? InitialInterval, bool? RetryNonIdempotent, long? MaxBodyBytes) : IMiddlewareConfig
{
    /// <summary>Bodies up to this size are buffered so that a retry can replay them.</summary>
    public const long DefaultMaxBodyBytes = 64 * 1024;

    public static RetryConfig Empty { get; } = new(null, null, null, null);

    public static RecordSchema<RetryConfig> Schema { get; } = new SchemaBuilder<RetryConfig>(Empty)
        .Int("attempts", c => c.Attempts, (c, v) => c with { Attempts = v },
            required: "is required (the number of tries, the first included)", check: Checks.AtLeast(1))
        .Duration("initialInterval", c => c.InitialInterval, (c, v) => c with { InitialInterval = v }, @default: "100ms", allowZero: true)
        .Bool("retryNonIdempotent", c => c.RetryNonIdempotent, (c, v) => c with { RetryNonIdempotent = v }, @default: false)
        .Long("maxBodyBytes", c => c.MaxBodyBytes, (c, v) => c with { MaxBodyBytes = v }, check: Checks.NotNegativeLong, @default: DefaultMaxBodyBytes)
        .Build();
}
