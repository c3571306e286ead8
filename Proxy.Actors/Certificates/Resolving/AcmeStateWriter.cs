using Akka.Actor;

namespace Proxy.Actors.Certificates.Resolving;

/// <summary>
/// Writes to the replicated ACME state and waits until the value is on every reachable node
/// (<see cref="AcmeStateWritten"/>); a refusal or no answer in time is an <see cref="AcmeStateWriteException"/>.
/// Safe to call off the actor thread: it only asks.
/// </summary>
public sealed class AcmeStateWriter(IActorRef state, TimeSpan timeout)
{
    public async Task WriteAsync(object message, CancellationToken cancellationToken)
    {
        object answer;
        try
        {
            answer = await state.Ask<object>(message, timeout, cancellationToken);
        }
        catch (AskTimeoutException)
        {
            throw new AcmeStateWriteException($"the ACME state did not confirm {message.GetType().Name} within {timeout.TotalSeconds:0} s");
        }

        switch (answer)
        {
            case AcmeStateWritten:
                return;
            case AcmeStateWriteFailed failed:
                throw new AcmeStateWriteException($"the ACME state refused {message.GetType().Name}: {failed.Reason}");
            default:
                throw new AcmeStateWriteException($"the ACME state answered {message.GetType().Name} with {answer.GetType().Name}");
        }
    }
}

/// <summary>A write to the replicated ACME state that did not reach the cluster: the order stops there.</summary>
public sealed class AcmeStateWriteException(string message) : Exception(message);
