using System.Net;
using System.Net.NetworkInformation;

namespace Proxy.Node.Hosting;

/// <summary>
/// What the start-up checks read from the machine rather than from the options: the nameservers of
/// /etc/resolv.conf and the addresses of the interfaces that are up. Passed in, so a test states the
/// machine it runs on instead of depending on the one it happens to run on.
/// </summary>
public sealed record HostNetwork(Func<IReadOnlyList<IPEndPoint>> NameServers, Func<IReadOnlyList<IPAddress>> InterfaceAddresses)
{
    /// <summary>This machine's.</summary>
    public static HostNetwork System { get; } = new(DnsContactPointResolver.SystemServers, Interfaces);

    private static IReadOnlyList<IPAddress> Interfaces() =>
        [.. NetworkInterface.GetAllNetworkInterfaces()
            .Where(n => n.OperationalStatus == OperationalStatus.Up && n.NetworkInterfaceType != NetworkInterfaceType.Loopback)
            .SelectMany(n => n.GetIPProperties().UnicastAddresses.Select(u => u.Address))];
}
