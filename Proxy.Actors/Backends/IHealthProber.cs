using Proxy.Actors.Model;

namespace Proxy.Actors.Backends;

/// <summary>Sends one active health probe. The host supplies the HTTP client it pools.</summary>
public interface IHealthProber
{
    Task<ProbeResult> ProbeAsync(Uri server, HealthCheckSpec check, CancellationToken cancellation);

    /// <summary>A probe through the service's servers transport (its CAs, client certificate, server name), as its requests go.</summary>
    Task<ProbeResult> ProbeAsync(Uri server, HealthCheckSpec check, ServersTransportSpec? transport, CancellationToken cancellation) =>
        ProbeAsync(server, check, cancellation);
}
