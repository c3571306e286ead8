namespace Proxy.Node.Tests.ClusterTls;

/// <summary>A clock that always reads one instant, to make certificates that are already expired or not yet valid.</summary>
internal sealed class FixedTime(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}
