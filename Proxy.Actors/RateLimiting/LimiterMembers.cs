using System.Collections.Immutable;

namespace Proxy.Actors.RateLimiting;

/// <summary>
/// The members that may own keys, as the limiter actor last saw them: Up and reachable, by address,
/// sorted. Replaced whole on each change; requests read it without a lock.
/// </summary>
public sealed record LimiterMembers(ImmutableArray<string> Addresses)
{
    public static LimiterMembers None { get; } = new(ImmutableArray<string>.Empty);

    public int Count => Addresses.Length;
}
