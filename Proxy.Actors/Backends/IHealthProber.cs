using Proxy.Actors.Model;

namespace Proxy.Actors.Backends;

/// <summary>Sends one active health probe. The host supplies the HTTP client it pools.</summary>
public interface IHealthProber
{
    Task<ProbeResult> ProbeAsync(Uri server, HealthCheckSpec check, CancellationToken cancellation);
}
