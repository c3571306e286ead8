using System.Collections.Immutable;
using Akka.Actor;
using Akka.Event;
using Microsoft.Extensions.Logging;
using LogLevel = Microsoft.Extensions.Logging.LogLevel;
using Proxy.Actors.Tls;

namespace Proxy.Actors.Certificates.Resolving;

/// <summary>
/// Every node's own check of the TLS configuration against the resolvers it configures (a router naming
/// an unknown resolver, a name ACME cannot prove), logged once per problem and shown by this node's API.
/// Not left to the ordering singleton: it runs on one node only, and on none when no node has the
/// resolver, and then nothing would say why a router serves the default certificate.
/// </summary>
public sealed partial class AcmeConfigurationCheckActor : ReceiveActor
{
    private readonly ILogger _log = new ActorLogger(Context.GetLogger());
    private readonly ImmutableSortedDictionary<string, AcmeResolverSettings> _resolvers;
    private readonly AcmeRouterStatusCell _status;
    private ImmutableArray<AcmeRouterProblem> _problems = [];

    public AcmeConfigurationCheckActor(ImmutableSortedDictionary<string, AcmeResolverSettings> resolvers, AcmeRouterStatusCell status)
    {
        _resolvers = resolvers;
        _status = status;
        Receive<TlsConfigurationChanged>(Check);
    }

    public static Props Props(ImmutableSortedDictionary<string, AcmeResolverSettings> resolvers, AcmeRouterStatusCell status) =>
        ActorFactory.Props(() => new AcmeConfigurationCheckActor(resolvers, status));

    protected override void PreStart()
    {
        Context.System.EventStream.Subscribe(Self, typeof(TlsConfigurationChanged));
        // Subscribed first: a change published in between arrives again, which is harmless.
        if (TlsConfigurationCell.Get(Context.System).Current is { } current)
        {
            Self.Tell(current);
        }
    }

    protected override void PostStop()
    {
        Context.System.EventStream.Unsubscribe(Self);
        _status.PublishConfiguration([]);
    }

    private void Check(TlsConfigurationChanged configuration)
    {
        var (_, problems) = AcmeDemandPolicy.Demands(configuration, _resolvers);
        foreach (var problem in problems.Where(p => !_problems.Contains(p)))
        {
            Log.RouterProblem(_log, problem.Message);
        }

        _problems = problems;
        _status.PublishConfiguration(problems);
    }

    private static partial class Log
    {
        // A warning: the router keeps serving (with the default certificate) and the API shows it as one.
        [LoggerMessage(EventId = 1, Level = LogLevel.Warning, Message = "Certificate resolver: {Problem}")]
        public static partial void RouterProblem(ILogger logger, string problem);
    }
}
