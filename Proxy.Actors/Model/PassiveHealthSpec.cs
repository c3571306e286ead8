namespace Proxy.Actors.Model;

/// <summary>
/// <see cref="MaxFailedAttempts"/> failures within <see cref="FailureWindow"/> eject a server for
/// <see cref="Cooldown"/>. Defaults follow nginx (1 failure in 10 s ejects for 10 s) but stay off
/// unless a service asks, as in Traefik. The defaults are declared by <see cref="Config.PassiveHealthCheckConfig"/>.
/// </summary>
public sealed record PassiveHealthSpec(int MaxFailedAttempts, TimeSpan FailureWindow, TimeSpan Cooldown);
