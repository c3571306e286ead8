namespace Proxy.Node.Middlewares.Auth;

/// <summary>
/// The bytes of request bodies every forwardAuth of a node may hold at once for its auth server (forwardBody):
/// each request's own ceiling bounds one body, this bounds their sum, so many concurrent uploads cannot take the
/// node's memory. A request that would go over it is turned away (503 with Retry-After) instead of waiting.
/// </summary>
internal sealed class AuthBodyBudget(long capacityBytes)
{
    /// <summary>The node's budget: four bodies at the per-request ceiling.</summary>
    public const long DefaultBytes = 64 * 1024 * 1024;

    private long _held;

    public long CapacityBytes { get; } = capacityBytes;

    /// <summary>Takes <paramref name="bytes"/> from the budget; false (nothing taken) when that would pass its capacity.</summary>
    public bool TryTake(long bytes)
    {
        var held = Interlocked.Add(ref _held, bytes);
        if (held <= CapacityBytes)
        {
            return true;
        }

        Interlocked.Add(ref _held, -bytes);
        return false;
    }

    public void Give(long bytes) => Interlocked.Add(ref _held, -bytes);
}
