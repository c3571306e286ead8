namespace Proxy.Discovery.Docker;

/// <summary>Docker's container states. Only <see cref="Running"/> containers receive traffic.</summary>
public enum ContainerState
{
    Created,
    Running,
    Paused,
    Restarting,
    Removing,
    Exited,
    Dead,
}
