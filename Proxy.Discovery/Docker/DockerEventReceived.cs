using System.Collections.Immutable;

namespace Proxy.Discovery.Docker;

/// <summary>
/// One container event from a Docker host's event stream, copied out of Docker.DotNet's mutable
/// <c>Message</c> so that it can travel as an actor message.
/// </summary>
/// <param name="Generation">The connection the event came from; events of an abandoned stream are ignored.</param>
/// <param name="Action">Docker's action (<c>start</c>, <c>kill</c>, <c>health_status: healthy</c>, ...).</param>
/// <param name="ContainerId">The container's full id (<c>Actor.ID</c>).</param>
/// <param name="Attributes">The event's attributes: <c>name</c>, <c>signal</c>, the container's labels ...</param>
/// <param name="TimeNano">When the daemon emitted the event (Unix nanoseconds), 0 when unknown.</param>
internal sealed record DockerEventReceived(
    int Generation,
    string Action,
    string ContainerId,
    ImmutableSortedDictionary<string, string> Attributes,
    long TimeNano);
