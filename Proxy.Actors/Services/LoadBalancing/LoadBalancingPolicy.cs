using System.Net;
using Proxy.Actors.Model;

namespace Proxy.Actors.Services.LoadBalancing;

/// <summary>
/// The one place a server is picked, by the service's <see cref="ServiceSnapshot.Strategy"/>: the first attempt,
/// an errors middleware's page, and every retry. Whatever the strategy, a server in <c>exclude</c> (tried by this
/// request) is never picked, and a last resort only when nothing else qualifies.
/// </summary>
public static class LoadBalancingPolicy
{
    /// <param name="client">The peer's address, which <c>hrw</c> hashes; the other strategies ignore it.</param>
    /// <param name="time">The clock by which <c>leasttime</c> probes a server left unchosen; the other strategies ignore it.</param>
    public static ServerSnapshot? Pick(ServiceSnapshot service, IPAddress? client, TimeProvider time, IReadOnlyCollection<string>? exclude = null) =>
        service.Strategy switch
        {
            LoadBalancingStrategy.PowerOfTwoChoices =>
                // The cursor's ticket through a mixer is a random draw with no shared generator to contend on.
                PowerOfTwoChoicesPolicy.Pick(service, StableHash.Mix((ulong)service.Cursor.NextTicket()), exclude),
            LoadBalancingStrategy.HighestRandomWeight => HighestRandomWeightPolicy.Pick(service, client, exclude),
            LoadBalancingStrategy.LeastTime => LeastTimePolicy.Pick(service, service.Cursor.NextTicket(), time, exclude),
            _ => WeightedRoundRobinPolicy.Pick(service, service.Cursor.NextTicket(), exclude),
        };
}
