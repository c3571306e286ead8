using System.Net;
using System.Net.Sockets;

namespace Proxy.Node.Hosting;

/// <summary>
/// The host peers dial to reach this node's cluster transport: <c>--cluster.publichostname</c>, else the
/// bound <c>--cluster.hostname</c>. One exception, for containers: a node with a dns: seed bound to every
/// interface (0.0.0.0 or ::) without a public hostname advertises its one non-loopback IPv4 address (the
/// container's, which is what Docker's DNS answers for it), since the compose file cannot write each
/// replica's address into its flags. With several such addresses it cannot know which one the DNS gives:
/// the start-up check (<see cref="ClusterOptionsValidator"/>) refuses it, naming them, and the operator sets
/// <c>--cluster.publichostname</c>.
/// </summary>
public static class AdvertisedHost
{
    public static string For(ClusterSettings settings) => For(settings, HostNetwork.System);

    public static string For(ClusterSettings settings, HostNetwork host) =>
        settings.PublicHostname
        ?? (settings.DnsSeed is not null && IsWildcard(settings.Hostname) && OnlyAddress(host.InterfaceAddresses()) is { } address
            ? address.ToString()
            : settings.Hostname);

    /// <summary>The one address of <paramref name="addresses"/> that is IPv4 and not loopback, or null when there are none or several.</summary>
    public static IPAddress? OnlyAddress(IEnumerable<IPAddress> addresses)
    {
        var candidates = Candidates(addresses);
        return candidates.Count == 1 ? candidates[0] : null;
    }

    /// <summary>The addresses a node bound to every interface could advertise: IPv4, not loopback, each once.</summary>
    public static IReadOnlyList<IPAddress> Candidates(IEnumerable<IPAddress> addresses) =>
        [.. addresses.Where(a => a.AddressFamily == AddressFamily.InterNetwork && !IPAddress.IsLoopback(a)).Distinct()];

    /// <summary>This node's own contact point, to find it among a DNS seed's records; null when the advertised host is not an IP address.</summary>
    public static Proxy.Actors.Cluster.Formation.ContactPoint? ContactPoint(ClusterSettings settings, string advertised) =>
        settings.Port > 0 && IPAddress.TryParse(advertised, out var ip) && OptionValue.IsHost(advertised)
            ? new Proxy.Actors.Cluster.Formation.ContactPoint(ip, settings.Port)
            : null;

    public static bool IsWildcard(string host) =>
        IPAddress.TryParse(host, out var ip) && (ip.Equals(IPAddress.Any) || ip.Equals(IPAddress.IPv6Any));
}
