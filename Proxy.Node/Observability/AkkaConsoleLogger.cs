using Akka.Actor;
using Akka.Dispatch;
using Akka.Event;

namespace Proxy.Node.Observability;

/// <summary>
/// The actor system's log sink: Akka's own console line (<c>[LEVEL][time][thread][source] message</c>)
/// with the rendered entry passed through <see cref="LogText.Escape(string)"/>, so that what the
/// actors log about labels, rules, container names and configuration errors stays one line per
/// entry. Akka only accepts loggers that are actors (named in <c>akka.loggers</c>); its one piece of
/// state is the rate limit on the transport's TLS refusals (<see cref="TransportRefusalLogPolicy"/>).
/// </summary>
public sealed class AkkaConsoleLogger : ActorBase, IRequiresMessageQueue<ILoggerMessageQueueSemantics>
{
    /// <summary>The value of <c>akka.loggers</c> that selects this logger.</summary>
    public static readonly string ConfigName = $"{typeof(AkkaConsoleLogger).FullName}, {typeof(AkkaConsoleLogger).Assembly.GetName().Name}";

    private static readonly TimeSpan RefusalInterval = TimeSpan.FromSeconds(30);

    // Owned by this actor: Akka's transport refusals of TLS peers, at most one line per kind and interval.
    private readonly ClusterTls.RefusalLogLimiter _refusals = new(TimeProvider.System, RefusalInterval);

    /// <summary>One entry as the node writes it, without the line's end.</summary>
    public static string Render(LogEvent logEvent) => LogText.Escape(logEvent.ToString());

    protected override bool Receive(object message)
    {
        switch (message)
        {
            case InitializeLogger:
                Sender.Tell(new LoggerInitialized());
                return true;
            case LogEvent logEvent when TransportRefusalLogPolicy.Key(logEvent) is { } key:
                // A stranger knocking on the cluster port must not flood the log (docs/cluster.md#mutual-tls).
                if (_refusals.ShouldLog(key, out var suppressed))
                {
                    Console.Out.Write(Render(logEvent) + (suppressed > 0 ? $" ({suppressed} more like it in the last {RefusalInterval.TotalSeconds:0} s not logged)" : string.Empty) + "\n");
                }

                return true;
            case LogEvent logEvent:
                Console.Out.Write(Render(logEvent) + "\n");
                return true;
            default:
                return false;
        }
    }
}
