using Proxy.Actors.Model.Config;

namespace Proxy.Actors.RateLimiting;

/// <summary>What a cluster-scoped limit does while its key's owner is out of reach (<c>onOwnerLost</c>).</summary>
public enum LimitFallback
{
    /// <summary>This node keeps the limit over the number of reachable nodes.</summary>
    LocalShare,

    /// <summary>Every request is admitted.</summary>
    Open,

    /// <summary>Every request is refused.</summary>
    Closed,
}

public static class LimitFallbacks
{
    /// <summary>The fallback named by a validated <c>onOwnerLost</c>.</summary>
    public static LimitFallback Parse(string? name) =>
        name is null || name.Equals(LimitScope.LocalShare, StringComparison.OrdinalIgnoreCase) ? LimitFallback.LocalShare
        : name.Equals(LimitScope.Open, StringComparison.OrdinalIgnoreCase) ? LimitFallback.Open
        : LimitFallback.Closed;
}
