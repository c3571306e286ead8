using System.Globalization;

namespace Proxy.Tests.Ports;

/// <summary>
/// The ports the kernel hands out for a bind to port 0 and for the local end of an outgoing
/// connection. A node under test that binds its Akka remoting port as 0, a Kestrel backend on
/// port 0 and every client socket take their port from here, at any moment; a port a test chose
/// earlier and passes to a node later is safe from them only if it lies outside this range.
/// </summary>
internal sealed record EphemeralPortRange(int Low, int High)
{
    public const string LinuxPath = "/proc/sys/net/ipv4/ip_local_port_range";

    /// <summary>The IANA dynamic range: what Windows and macOS use, and what is assumed where Linux's file is absent.</summary>
    public static readonly EphemeralPortRange Iana = new(49152, 65535);

    public bool Contains(int port) => port >= Low && port <= High;

    /// <summary>This machine's range: Linux's file when it exists, the IANA range elsewhere.</summary>
    public static EphemeralPortRange Read() =>
        File.Exists(LinuxPath) ? Parse(File.ReadAllText(LinuxPath), LinuxPath) : Iana;

    /// <summary>Reads "low high" (tab- or space-separated, as the kernel writes it).</summary>
    public static EphemeralPortRange Parse(string text, string source)
    {
        var parts = text.Split([' ', '\t', '\n'], StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 2
            && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var low)
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var high)
            && low is >= 1 and <= 65535 && high is >= 1 and <= 65535 && low <= high)
        {
            return new EphemeralPortRange(low, high);
        }

        throw new FormatException($"{source}: \"{text.Trim()}\" is not an ephemeral port range (expected \"low high\", 1 <= low <= high <= 65535)");
    }

    public override string ToString() => $"{Low}-{High}";
}
