using Proxy.Actors.Model;

namespace Proxy.Actors.Requests;

/// <summary>Asks a request actor for the first server (only when a request actor is spawned for every request).</summary>
public sealed class ChooseServer
{
    public static ChooseServer Instance { get; } = new();

    private ChooseServer()
    {
    }
}

/// <summary>The attempt on <paramref name="Server"/> failed; the reply is <see cref="UseServer"/> or <see cref="StopTrying"/>.</summary>
public sealed record AttemptFailedOn(ServerSnapshot Server, AttemptFailure Failure);

/// <summary>Send the request (again) to this server.</summary>
public sealed record UseServer(ServerSnapshot Server);

/// <summary>Answer the client with this status; no more attempts.</summary>
public sealed record StopTrying(int StatusCode, string Reason);

/// <summary>The request is over, whatever the outcome; the actor stops.</summary>
public sealed class RequestFinished
{
    public static RequestFinished Instance { get; } = new();

    private RequestFinished()
    {
    }
}

internal sealed record RetryDue(Akka.Actor.IActorRef ReplyTo, AttemptFailure LastFailure);
