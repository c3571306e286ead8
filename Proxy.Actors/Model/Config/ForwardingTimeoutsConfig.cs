using Proxy.Actors.Configuration.Schema;

namespace Proxy.Actors.Model.Config;

/// <summary>
/// A servers transport's timeouts, with Traefik's defaults: connecting 30 s, the response's headers no limit (0),
/// an idle pooled connection 90 s. Zero means no limit for each. Traefik's HTTP/2 ping timeouts are not served.
/// Each is at most <see cref="MaxTimeout"/>: a .NET timer cannot wait beyond about 49 days, and a longer timeout
/// accepted here would throw on every request (or every connection) through the transport, counted against its servers.
/// </summary>
public sealed record ForwardingTimeoutsConfig(string? DialTimeout, string? ResponseHeaderTimeout, string? IdleConnTimeout)
{
    public const string MaxTimeout = "24h";

    public static ForwardingTimeoutsConfig Empty { get; } = new(null, null, null);

    public static RecordSchema<ForwardingTimeoutsConfig> Schema { get; } = new SchemaBuilder<ForwardingTimeoutsConfig>(Empty)
        .Duration("dialTimeout", c => c.DialTimeout, (c, v) => c with { DialTimeout = v }, @default: "30s", allowZero: true, max: MaxTimeout)
        .Duration("responseHeaderTimeout", c => c.ResponseHeaderTimeout, (c, v) => c with { ResponseHeaderTimeout = v }, @default: "0s", allowZero: true, max: MaxTimeout)
        .Duration("idleConnTimeout", c => c.IdleConnTimeout, (c, v) => c with { IdleConnTimeout = v }, @default: "90s", allowZero: true, max: MaxTimeout)
        .NotSupported("readIdleTimeout", "forwardingTimeouts.readIdleTimeout (HTTP/2 pings) is not supported")
        .NotSupported("pingTimeout", "forwardingTimeouts.pingTimeout (HTTP/2 pings) is not supported")
        .Build();
}
