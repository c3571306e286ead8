namespace Proxy.Discovery.Docker;

/// <summary>Where a container's port is published on its Docker host: Docker's HostIp and HostPort.</summary>
/// <param name="HostIp">The address the binding listens on; empty or a wildcard when it listens on all of them.</param>
public sealed record HostPortBinding(string HostIp, int HostPort)
{
    /// <summary>A wildcard names no address a proxy could dial, so Traefik falls back on the container's own.</summary>
    public bool HasAddress => HostIp is not ("" or "0.0.0.0" or "::");
}
