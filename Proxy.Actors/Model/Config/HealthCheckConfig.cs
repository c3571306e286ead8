using System.Collections.Immutable;
using Proxy.Actors.Configuration.Schema;

namespace Proxy.Actors.Model.Config;

/// <summary>
/// Traefik's active health check, plus thresholds and an initial state. Durations are raw
/// strings (<c>10s</c>, <c>500ms</c>, or plain seconds) until validated.
/// </summary>
public sealed record HealthCheckConfig(
    string? Path,
    string? Interval,
    string? Timeout,
    string? Scheme,
    string? Hostname,
    int? Port,
    ImmutableSortedDictionary<string, string> Headers,
    string? Method,
    int? Status,
    int? FailureThreshold,
    int? SuccessThreshold,
    string? InitialState)
{
    public static HealthCheckConfig Default { get; } = new(
        null, null, null, null, null, null,
        ImmutableSortedDictionary<string, string>.Empty, null, null, null, null, null);

    /// <remarks><c>status</c> left out accepts any 2xx or 3xx, as Traefik does.</remarks>
    public static RecordSchema<HealthCheckConfig> Schema { get; } = new SchemaBuilder<HealthCheckConfig>(Default)
        .String("path", c => c.Path, (c, v) => c with { Path = v }, required: "is required", check: Checks.StartsWithSlash)
        .Duration("interval", c => c.Interval, (c, v) => c with { Interval = v }, @default: "30s")
        .Duration("timeout", c => c.Timeout, (c, v) => c with { Timeout = v }, @default: "5s")
        .String("scheme", c => c.Scheme, (c, v) => c with { Scheme = v }, check: Checks.ServerSchemeName)
        .String("hostname", c => c.Hostname, (c, v) => c with { Hostname = v })
        .Int("port", c => c.Port, (c, v) => c with { Port = v }, check: Checks.Within(1, 65535, "a port"))
        .StringMap("headers", c => c.Headers, (c, v) => c with { Headers = v }, check: Checks.HeaderNames)
        .String("method", c => c.Method, (c, v) => c with { Method = v }, check: Checks.HttpMethod, @default: "GET")
        .Int("status", c => c.Status, (c, v) => c with { Status = v }, check: Checks.Within(100, 599, "an HTTP status"))
        .Int("failureThreshold", c => c.FailureThreshold, (c, v) => c with { FailureThreshold = v }, check: Checks.AtLeast(1), @default: 1)
        .Int("successThreshold", c => c.SuccessThreshold, (c, v) => c with { SuccessThreshold = v }, check: Checks.AtLeast(1), @default: 1)
        .String("initialState", c => c.InitialState, (c, v) => c with { InitialState = v }, check: Checks.OneOf(true, "up", "down"), @default: "up")
        .Build();
}
