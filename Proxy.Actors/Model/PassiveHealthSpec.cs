namespace Proxy.Actors.Model;

/// <summary>
/// <see cref="MaxFailedAttempts"/> failures within <see cref="FailureWindow"/> eject a server for
/// <see cref="Cooldown"/>. Defaults follow nginx (1 failure in 10 s ejects for 10 s) but stay off
/// unless a service asks, as in Traefik.
/// </summary>
public sealed record PassiveHealthSpec(int MaxFailedAttempts, TimeSpan FailureWindow, TimeSpan Cooldown)
{
    public static TimeSpan DefaultWindow { get; } = TimeSpan.FromSeconds(10);
}
