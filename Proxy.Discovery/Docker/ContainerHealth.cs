namespace Proxy.Discovery.Docker;

/// <summary>
/// The state of a container's Docker HEALTHCHECK. <see cref="None"/> means the image defines no
/// health check, which Docker (and Traefik) treat as good enough to serve.
/// </summary>
public enum ContainerHealth
{
    None,
    Starting,
    Healthy,
    Unhealthy,
}
