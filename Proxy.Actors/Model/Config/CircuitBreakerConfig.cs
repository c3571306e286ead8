using Proxy.Actors.CircuitBreaking;
using Proxy.Actors.Configuration.Schema;

namespace Proxy.Actors.Model.Config;

/// <summary>
/// Traefik's circuitBreaker: trips when <see cref="Expression"/> holds, answers <see cref="ResponseCode"/>
/// for <see cref="FallbackDuration"/>, then lets traffic back over <see cref="RecoveryDuration"/>.
/// The expression is parsed by the field's check, so a bad one is an error on this middleware.
/// </summary>
public sealed record CircuitBreakerConfig(
    string? Expression, string? CheckPeriod, string? FallbackDuration, string? RecoveryDuration, int? ResponseCode) : IMiddlewareConfig
{
    public static CircuitBreakerConfig Empty { get; } = new(null, null, null, null, null);

    public static RecordSchema<CircuitBreakerConfig> Schema { get; } = new SchemaBuilder<CircuitBreakerConfig>(Empty)
        .String("expression", c => c.Expression, (c, v) => c with { Expression = v },
            required: "is required, e.g. NetworkErrorRatio() > 0.5", check: BreakerExpressionParser.Check)
        .Duration("checkPeriod", c => c.CheckPeriod, (c, v) => c with { CheckPeriod = v }, @default: "100ms")
        .Duration("fallbackDuration", c => c.FallbackDuration, (c, v) => c with { FallbackDuration = v }, @default: "10s")
        .Duration("recoveryDuration", c => c.RecoveryDuration, (c, v) => c with { RecoveryDuration = v }, @default: "10s")
        .Int("responseCode", c => c.ResponseCode, (c, v) => c with { ResponseCode = v },
            check: Checks.Within(100, 599, "an HTTP status code"), @default: 503)
        .Build();
}
