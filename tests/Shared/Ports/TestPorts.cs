using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Proxy.Tests.Ports;

/// <summary>
/// Ports a test chooses now and hands to a node, a backend or a test server that binds them later.
/// Binding port 0 and reading what the kernel gave is not enough for that: once closed, the port is
/// back in the kernel's ephemeral range, and before the node binds it another node's Akka remoting
/// port (bound as 0), a Kestrel backend on port 0 or any outgoing connection can be given it (a CI
/// run once sent "GET " to an Akka remoting port that way). Ports handed out here lie outside the
/// ephemeral range (<see cref="EphemeralPortRange"/>), which the kernel never assigns, so nothing
/// that binds port 0 can take them; each is checked bindable on the address it will be used on and
/// is never handed out twice.
/// </summary>
internal static class TestPorts
{
    /// <summary>
    /// The lowest port handed out: clear of the ports tests name on purpose (80, 443, 2375, 4053-4055,
    /// 8000-9090, pebble's 14000, the 18xxx ports of the Docker label tests).
    /// </summary>
    public const int Floor = 20000;

    /// <summary>How many random candidates one call tries before it gives up.</summary>
    public const int MaxAttempts = 2000;

    /// <summary>The fewest candidate ports worth running on; fewer means the ephemeral range leaves too little room.</summary>
    public const int MinimumCandidates = 1000;

    private static readonly string LockDirectory = Path.Combine(Path.GetTempPath(), "proxy-test-ports");

    private static readonly Lazy<(EphemeralPortRange Ephemeral, IReadOnlyList<(int Low, int High)> Ranges)> Space =
        new(() => { var ephemeral = EphemeralPortRange.Read(); return (ephemeral, CandidateRanges(ephemeral)); });

    // Static and mutable on purpose, the one such field in the tests: "never the same port twice"
    // must hold across all the test classes xunit runs in parallel in this process, so the record
    // is one per process. ConcurrentDictionary keeps it thread-safe without a lock. Each claimed port
    // also holds an exclusive lock on a file named after it (flock, released by the kernel when the
    // process exits, however it exits), so the test processes that run at the same time on one
    // machine (the test projects side by side, several people's runs) never hand out the same port
    // either. The lock files are never deleted: deleting a locked file lets two processes each lock
    // a different file of the same name.
    private static readonly ConcurrentDictionary<int, FileStream> Claimed = new();

    /// <summary>The kernel's ephemeral range on this machine, which no port handed out lies in.</summary>
    public static EphemeralPortRange Ephemeral => Space.Value.Ephemeral;

    /// <summary>A TCP port on <paramref name="address"/> that nothing listens on and that nothing binding port 0 can take.</summary>
    public static int Next(IPAddress address) => Claim(address, udpToo: false);

    /// <summary>As <see cref="Next"/>, free for UDP too (a DNS server listens on both).</summary>
    public static int NextTcpAndUdp(IPAddress address) => Claim(address, udpToo: true);

    /// <summary>The file whose exclusive lock marks <paramref name="port"/> as claimed by a running test process.</summary>
    public static string LockPath(int port) => Path.Combine(LockDirectory, port.ToString(CultureInfo.InvariantCulture));

    /// <summary>The ports from <see cref="Floor"/> to 65535 that lie outside <paramref name="ephemeral"/>.</summary>
    public static IReadOnlyList<(int Low, int High)> CandidateRanges(EphemeralPortRange ephemeral)
    {
        var ranges = new List<(int Low, int High)>();
        if (ephemeral.Low - 1 >= Floor)
        {
            ranges.Add((Floor, ephemeral.Low - 1));
        }

        if (ephemeral.High + 1 <= 65535)
        {
            ranges.Add((Math.Max(Floor, ephemeral.High + 1), 65535));
        }

        var count = ranges.Sum(r => r.High - r.Low + 1);
        if (count < MinimumCandidates)
        {
            throw new InvalidOperationException(
                $"the ephemeral port range {ephemeral} leaves {count} ports between {Floor} and 65535 for tests, fewer than {MinimumCandidates}: "
                + $"narrow it in {EphemeralPortRange.LinuxPath} (e.g. \"32768 60999\")");
        }

        return ranges;
    }

    private static int Claim(IPAddress address, bool udpToo)
    {
        var ranges = Space.Value.Ranges;
        var count = ranges.Sum(r => r.High - r.Low + 1);
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var port = PortAt(ranges, Random.Shared.Next(count));
            if (Claimed.ContainsKey(port) || TryLock(port) is not { } held)
            {
                continue;
            }

            if (Bindable(address, port, udpToo) && Claimed.TryAdd(port, held))
            {
                return port;
            }

            held.Dispose();
        }

        throw new InvalidOperationException(
            $"no free test port on {address} after {MaxAttempts} tries in {string.Join(", ", ranges.Select(r => $"{r.Low}-{r.High}"))} "
            + $"(outside the ephemeral range {Ephemeral}); this process holds {Claimed.Count}");
    }

    private static int PortAt(IReadOnlyList<(int Low, int High)> ranges, int index)
    {
        foreach (var (low, high) in ranges)
        {
            if (index <= high - low)
            {
                return low + index;
            }

            index -= high - low + 1;
        }

        throw new ArgumentOutOfRangeException(nameof(index));
    }

    private static FileStream? TryLock(int port)
    {
        Directory.CreateDirectory(LockDirectory);
        try
        {
            // FileShare.None takes flock(LOCK_EX | LOCK_NB) on Unix: another process's claim fails here.
            return new FileStream(LockPath(port), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static bool Bindable(IPAddress address, int port, bool udpToo)
    {
        try
        {
            using var listener = new TcpListener(address, port);
            listener.Start();
            if (udpToo)
            {
                using var udp = new UdpClient(new IPEndPoint(address, port));
            }

            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
