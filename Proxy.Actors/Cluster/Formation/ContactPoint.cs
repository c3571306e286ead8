using System.Net;
using System.Net.Sockets;

namespace Proxy.Actors.Cluster.Formation;

/// <summary>
/// One address a DNS seed resolved to, with the seed's port: a node's cluster transport as its peers dial it.
/// Ordered by address (every IPv4 address before every IPv6 one, then byte by byte, so 127.0.0.9 comes
/// before 127.0.0.10), then by port: every node sorts the same set the same way, which is what lets exactly
/// one of them be the lowest.
/// </summary>
public sealed record ContactPoint(IPAddress Address, int Port) : IComparable<ContactPoint>
{
    public int CompareTo(ContactPoint? other)
    {
        if (other is null)
        {
            return 1;
        }

        var family = Family(Address).CompareTo(Family(other.Address));
        if (family != 0)
        {
            return family;
        }

        var order = Address.GetAddressBytes().AsSpan().SequenceCompareTo(other.Address.GetAddressBytes());
        return order != 0 ? order : Port.CompareTo(other.Port);
    }

    public override string ToString() =>
        Address.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{Address}]:{Port}" : $"{Address}:{Port}";

    private static int Family(IPAddress address) => address.AddressFamily == AddressFamily.InterNetwork ? 0 : 1;
}
