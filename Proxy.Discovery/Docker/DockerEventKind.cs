namespace Proxy.Discovery.Docker;

/// <summary>What a container event means for routing.</summary>
internal enum DockerEventKind
{
    /// <summary>Not about routing (create, exec_*, attach, ...).</summary>
    Ignored,

    /// <summary>The container may have changed (start, unpause, health, rename): read it again.</summary>
    Reinspect,

    /// <summary>The container got its stop signal and still serves: no new requests.</summary>
    Drain,

    /// <summary>The container is gone or no longer serves (die, stop, destroy).</summary>
    Remove,

    /// <summary>The container is frozen: it keeps its place but answers nothing.</summary>
    Pause,
}
