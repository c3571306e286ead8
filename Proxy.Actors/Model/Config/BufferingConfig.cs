using Proxy.Actors.Configuration.Schema;

namespace Proxy.Actors.Model.Config;

/// <summary>
/// Traefik's buffering: reads the whole request before forwarding it and the whole response before
/// sending it, each kept in memory up to its <c>mem*</c> size and in a temporary file beyond it.
/// A <c>max*</c> of 0 means no limit, as in Traefik.
/// </summary>
public sealed record BufferingConfig(
    long? MaxRequestBodyBytes, long? MemRequestBodyBytes, long? MaxResponseBodyBytes, long? MemResponseBodyBytes) : IMiddlewareConfig
{
    /// <summary>Traefik's default for both <c>mem*</c> options: 1 MiB.</summary>
    public const long DefaultMemBytes = 1024 * 1024;

    public static BufferingConfig Empty { get; } = new(null, null, null, null);

    public static RecordSchema<BufferingConfig> Schema { get; } = new SchemaBuilder<BufferingConfig>(Empty)
        .Long("maxRequestBodyBytes", c => c.MaxRequestBodyBytes, (c, v) => c with { MaxRequestBodyBytes = v }, check: Checks.NotNegativeLong, @default: 0)
        .Long("memRequestBodyBytes", c => c.MemRequestBodyBytes, (c, v) => c with { MemRequestBodyBytes = v }, check: Checks.NotNegativeLong, @default: DefaultMemBytes)
        .Long("maxResponseBodyBytes", c => c.MaxResponseBodyBytes, (c, v) => c with { MaxResponseBodyBytes = v }, check: Checks.NotNegativeLong, @default: 0)
        .Long("memResponseBodyBytes", c => c.MemResponseBodyBytes, (c, v) => c with { MemResponseBodyBytes = v }, check: Checks.NotNegativeLong, @default: DefaultMemBytes)
        .NotSupported("retryExpression", "buffering's 'retryExpression' is not supported; put a retry middleware after buffering, which replays the buffered body")
        .Build();
}
