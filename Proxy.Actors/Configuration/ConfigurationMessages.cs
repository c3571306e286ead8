using Akka.Actor;
using Proxy.Actors.Model;

namespace Proxy.Actors.Configuration;

/// <summary>A service's definition for a configuration generation.</summary>
public sealed record ConfigureService(ServiceDefinition Definition, long Generation);

/// <summary>
/// A service actor's current snapshot. <paramref name="Generation"/> says which configuration it
/// reflects, so the configuration actor can swap in a new configuration only once every changed
/// service is ready for it.
/// </summary>
public sealed record ServiceSnapshotChanged(ServiceSnapshot Snapshot, long Generation);

internal sealed class PendingServicesOverdue
{
    public static PendingServicesOverdue Instance { get; } = new();

    private PendingServicesOverdue()
    {
    }
}

/// <summary>Publishes the configuration once for all the late router answers read before it.</summary>
internal sealed class PublishLateRouters
{
    public static PublishLateRouters Instance { get; } = new();

    private PublishLateRouters()
    {
    }
}

/// <summary>Time to make anew the child that stopped unasked.</summary>
internal sealed record ReplaceChild(IActorRef Stopped);
