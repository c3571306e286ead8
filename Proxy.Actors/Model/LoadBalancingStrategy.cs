namespace Proxy.Actors.Model;

/// <summary>How a load balancer picks a server, as Traefik names it in <c>loadBalancer.strategy</c>.</summary>
public enum LoadBalancingStrategy
{
    /// <summary><c>wrr</c>: smooth weighted round robin, the default.</summary>
    WeightedRoundRobin,

    /// <summary><c>p2c</c>: two servers drawn at random, the one with fewer requests in flight.</summary>
    PowerOfTwoChoices,

    /// <summary><c>hrw</c>: highest random weight of the client's address and each server, so a client keeps its server.</summary>
    HighestRandomWeight,

    /// <summary><c>leasttime</c>: the lowest average time to first byte times one plus the requests in flight, over the weight.</summary>
    LeastTime,
}
