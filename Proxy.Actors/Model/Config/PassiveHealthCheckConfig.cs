using Proxy.Actors.Configuration.Schema;

namespace Proxy.Actors.Model.Config;

/// <summary>
/// Passive health (nginx <c>max_fails</c>/<c>fail_timeout</c>, Traefik <c>passiveHealthCheck</c>):
/// <see cref="MaxFailedAttempts"/> failures within <see cref="FailureWindow"/> eject the server
/// for <see cref="Cooldown"/> (default: the failure window).
/// </summary>
public sealed record PassiveHealthCheckConfig(int? MaxFailedAttempts, string? FailureWindow, string? Cooldown)
{
    public static PassiveHealthCheckConfig Empty { get; } = new(null, null, null);

    public static RecordSchema<PassiveHealthCheckConfig> Schema { get; } = new SchemaBuilder<PassiveHealthCheckConfig>(Empty)
        .Int("maxFailedAttempts", c => c.MaxFailedAttempts, (c, v) => c with { MaxFailedAttempts = v }, check: Checks.AtLeast(1), @default: 1)
        .Duration("failureWindow", c => c.FailureWindow, (c, v) => c with { FailureWindow = v }, @default: "10s")
        .Duration("cooldown", c => c.Cooldown, (c, v) => c with { Cooldown = v }, defaultFrom: c => c.FailureWindow)
        .Build();
}
