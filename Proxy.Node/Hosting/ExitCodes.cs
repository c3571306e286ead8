namespace Proxy.Node.Hosting;

/// <summary>
/// What the node's exit code tells its supervisor (docs/configuration.md). 0 only when the node
/// was asked to stop by a signal; every other code means it did not choose to end, so a
/// supervisor that restarts on failure brings it back and it rejoins its cluster.
/// </summary>
public static class ExitCodes
{
    /// <summary>SIGTERM, SIGINT or SIGQUIT: left the cluster, drained, exited.</summary>
    public const int Stopped = 0;

    /// <summary>An entry point, the API or the management listener could not bind.</summary>
    public const int CannotListen = 1;

    /// <summary>The static configuration is invalid; nothing was started.</summary>
    public const int InvalidConfiguration = 2;

    /// <summary>
    /// The cluster downed this node (the split-brain resolver on the losing side of a partition,
    /// or an operator's Down). The same code Akka.NET logs for a downing.
    /// </summary>
    public const int Downed = 3;

    /// <summary>The node was removed after a leave it did not start (an operator's Leave through the API or CLI).</summary>
    public const int Removed = 4;

    /// <summary>The actor system stopped for any other reason; the node cannot serve as a member any more.</summary>
    public const int ActorSystemStopped = 5;
}
