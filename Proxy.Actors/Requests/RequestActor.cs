using System.Net;
using Akka.Actor;
using Proxy.Actors.Configuration;
using Proxy.Actors.Model;
using Proxy.Actors.Model.Middlewares;
using Proxy.Actors.Services.LoadBalancing;

namespace Proxy.Actors.Requests;

/// <summary>
/// Carries one request's retries across backend actors: it tells each failing server's actor
/// what the server did wrong (never what the client did), decides with <see cref="RetryPolicy"/>,
/// waits the backoff on a timer and names the next server not yet tried. The host spawns it when a first attempt fails (or, in the
/// benchmark's <c>always</c> mode, for every request); bodies never pass through it.
/// </summary>
public sealed class RequestActor : ReceiveActor, IWithTimers
{
    private readonly string _service;
    private readonly RetryMiddleware? _retry;
    private readonly string _method;
    private readonly SnapshotCell _cell;
    private readonly TimeProvider _time;
    private readonly IPAddress? _client;
    private readonly HashSet<string> _tried = new(StringComparer.Ordinal);
    private int _attempts;

    /// <param name="client">The peer's address, for a strategy that picks by it (<c>hrw</c>).</param>
    public RequestActor(string service, RetryMiddleware? retry, string method, SnapshotCell cell, TimeProvider time, IPAddress? client = null)
    {
        _service = service;
        _retry = retry;
        _method = method;
        _cell = cell;
        _time = time;
        _client = client;
        Receive<ChooseServer>(_ => Choose());
        Receive<AttemptFailedOn>(Failed);
        Receive<RetryDue>(due => RetryNow(due.ReplyTo, due.LastFailure));
        Receive<RequestFinished>(_ => Context.Stop(Self));
        Receive<ReceiveTimeout>(_ => Context.Stop(Self));
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(string service, RetryMiddleware? retry, string method, SnapshotCell cell, TimeProvider time, IPAddress? client = null) =>
        ActorFactory.Props(() => new RequestActor(service, retry, method, cell, time, client));

    protected override void PreStart() =>
        // A host that dies between messages must not leave the actor behind.
        Context.SetReceiveTimeout(TimeSpan.FromMinutes(2));

    private void Choose()
    {
        if (Next() is { } server)
        {
            _attempts++;
            _tried.Add(server.Url);
            Sender.Tell(new UseServer(server));
        }
        else
        {
            Sender.Tell(new StopTrying(503, $"service {_service} has no available server"));
        }
    }

    private void Failed(AttemptFailedOn failed)
    {
        // The first failure arrives before this actor counted the attempt that failed.
        _attempts = Math.Max(_attempts, 1);
        _tried.Add(failed.Server.Url);
        if (failed.Failure.ReportFor(failed.Server.Url) is { } report)
        {
            failed.Server.Backend.Tell(report);
        }

        switch (RetryPolicy.Decide(_retry, _attempts, _method, failed.Failure))
        {
            case GiveUp giveUp:
                Sender.Tell(new StopTrying(giveUp.StatusCode, giveUp.Reason));
                return;
            case RetryAfter retry when retry.Delay <= TimeSpan.Zero:
                RetryNow(Sender, failed.Failure);
                return;
            case RetryAfter retry:
                // The next server is chosen when the wait is over: health may change meanwhile.
                Timers.StartSingleTimer("retry", new RetryDue(Sender, failed.Failure), retry.Delay);
                return;
        }
    }

    private void RetryNow(IActorRef replyTo, AttemptFailure lastFailure)
    {
        if (Next() is { } next)
        {
            _attempts++;
            _tried.Add(next.Url);
            replyTo.Tell(new UseServer(next));
        }
        else
        {
            replyTo.Tell(new StopTrying(lastFailure.GiveUpStatus, $"no untried server left in {_service} after {_attempts} attempt(s), the last failed: {lastFailure.Reason}"));
        }
    }

    private ServerSnapshot? Next() =>
        _cell.Current.Services.TryGetValue(_service, out var service)
            ? LoadBalancingPolicy.Pick(service, _client, _time, _tried)
            : null;
}
