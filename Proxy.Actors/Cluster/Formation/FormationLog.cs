using Microsoft.Extensions.Logging;

namespace Proxy.Actors.Cluster.Formation;

/// <summary>The formation's log lines: each written when the node's situation changes, never once a round.</summary>
internal static partial class FormationLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Forming the cluster through {Seed}: {Reason}")]
    public static partial void Waiting(ILogger logger, string seed, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Forming the cluster through {Seed}: {Error}; looking it up again every {Interval}")]
    public static partial void LookupFailed(ILogger logger, string seed, string error, TimeSpan interval);

    [LoggerMessage(Level = LogLevel.Information, Message = "Joining the existing cluster through {Seed}: its members {Members} answered")]
    public static partial void JoiningExisting(ILogger logger, string seed, string members);

    [LoggerMessage(Level = LogLevel.Information, Message = "Forming a new cluster through {Seed}: no address belongs to a cluster, {ContactPoints} have been the same for {StableMargin}, and this node ({Self}) is the lowest")]
    public static partial void FormingSelf(ILogger logger, string seed, string contactPoints, TimeSpan stableMargin, string self);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Joining the cluster of {Members} through {Seed}: no member answered within {JoinDeadline} and this node is not Up; deciding again from the addresses that answer now")]
    public static partial void JoinAbandoned(ILogger logger, string members, string seed, TimeSpan joinDeadline);

    [LoggerMessage(Level = LogLevel.Information, Message = "Joined the cluster through {Seed} as {Self} after {Elapsed}; no longer looking the name up")]
    public static partial void Joined(ILogger logger, string seed, string self, TimeSpan elapsed);
}
