using Proxy.Actors.Configuration.Schema;

namespace Proxy.Actors.Model.Config;

/// <summary>
/// Traefik's <c>responseForwarding</c>: how long a piece of a response body a server wrote may wait in the node
/// before it is sent on to the client. A negative <see cref="FlushInterval"/> sends every piece at once, zero only
/// when enough has gathered or the body ends. Streaming responses (<c>text/event-stream</c>, or a body of unknown
/// length) are sent on at once whatever the interval, as Traefik (Go's ReverseProxy) does.
/// </summary>
public sealed record ResponseForwardingConfig(string? FlushInterval)
{
    /// <summary>Traefik's default.</summary>
    public const string DefaultFlushInterval = "100ms";

    /// <summary><see cref="DefaultFlushInterval"/> parsed, for what is built without a configuration (internal services).</summary>
    public static TimeSpan DefaultFlushIntervalValue { get; } = Duration.Checked(DefaultFlushInterval);

    /// <summary>
    /// The longest interval accepted. A timer cannot wait beyond about 49.7 days (2^32 - 2 ms), and an interval past a
    /// day holds a response's pieces until its body ends anyway; a longer one is refused where it is written rather
    /// than failing every response of the service.
    /// </summary>
    public const string MaxFlushInterval = "24h";

    public static ResponseForwardingConfig Empty { get; } = new(FlushInterval: null);

    public static RecordSchema<ResponseForwardingConfig> Schema { get; } = new SchemaBuilder<ResponseForwardingConfig>(Empty)
        .Duration("flushInterval", c => c.FlushInterval, (c, v) => c with { FlushInterval = v }, @default: DefaultFlushInterval, allowNegative: true, max: MaxFlushInterval)
        .Build();
}
