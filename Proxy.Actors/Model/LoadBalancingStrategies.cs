using System.Collections.Immutable;

namespace Proxy.Actors.Model;

/// <summary>The names operators write for <see cref="LoadBalancingStrategy"/>, Traefik's, lower case as Traefik accepts them.</summary>
public static class LoadBalancingStrategies
{
    public const string Default = "wrr";

    public static ImmutableArray<string> Names { get; } = ["wrr", "p2c", "hrw", "leasttime"];

    /// <summary>A name the declaration accepted; anything else (only possible before validation) is the default.</summary>
    public static LoadBalancingStrategy Parse(string? name) => name switch
    {
        "p2c" => LoadBalancingStrategy.PowerOfTwoChoices,
        "hrw" => LoadBalancingStrategy.HighestRandomWeight,
        "leasttime" => LoadBalancingStrategy.LeastTime,
        _ => LoadBalancingStrategy.WeightedRoundRobin,
    };
}
