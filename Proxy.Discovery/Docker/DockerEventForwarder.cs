using System.Collections.Immutable;
using Akka.Actor;
using Docker.DotNet.Models;

namespace Proxy.Discovery.Docker;

/// <summary>
/// Hands each event of the stream to the host actor as it is read. The stock <c>Progress&lt;T&gt;</c>
/// posts every report to the thread pool, where a <c>die</c> can overtake the <c>kill</c> before it;
/// telling the actor from the reading thread keeps the stream's order in the mailbox.
/// </summary>
internal sealed class DockerEventForwarder(IActorRef hostActor, int generation) : IProgress<Message>
{
    public void Report(Message value)
    {
        if (value.Actor?.ID is not { Length: > 0 } id || string.IsNullOrEmpty(value.Action))
        {
            return;
        }

        var attributes = value.Actor.Attributes is { } found
            ? found.ToImmutableSortedDictionary(StringComparer.Ordinal)
            : ImmutableSortedDictionary<string, string>.Empty;
        hostActor.Tell(new DockerEventReceived(generation, value.Action, id, attributes, value.TimeNano ?? 0));
    }
}
