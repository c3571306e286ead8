using System.Text.RegularExpressions;

namespace Proxy.Node.ClusterTls;

/// <summary>
/// At most one log line per peer host and interval for refused cluster connections: a stranger
/// retrying every second (or many at once) must not flood the log. Called from the transport's
/// I/O threads, hence the lock. Bounded: past <see cref="MaxPeers"/> hosts it forgets them all.
/// </summary>
internal sealed partial class RefusalLogLimiter(TimeProvider time, TimeSpan interval)
{
    public const int MaxPeers = 1024;

    private readonly Lock _gate = new();
    private readonly Dictionary<string, (DateTimeOffset Logged, int Suppressed)> _peers = new(StringComparer.Ordinal);

    /// <summary>True when a refusal of <paramref name="peer"/> is to be logged now; <paramref name="suppressed"/> counts those left out since the last line.</summary>
    public bool ShouldLog(string peer, out int suppressed)
    {
        // An inbound peer comes from a new port each time: the host is what identifies it.
        var host = TrailingPort().Replace(peer, string.Empty);
        var now = time.GetUtcNow();
        lock (_gate)
        {
            if (_peers.TryGetValue(host, out var entry) && now - entry.Logged < interval)
            {
                _peers[host] = entry with { Suppressed = entry.Suppressed + 1 };
                suppressed = 0;
                return false;
            }

            if (_peers.Count >= MaxPeers)
            {
                _peers.Clear();
            }

            suppressed = entry.Suppressed;
            _peers[host] = (now, 0);
            return true;
        }
    }

    [GeneratedRegex(@":\d+$")]
    private static partial Regex TrailingPort();
}
