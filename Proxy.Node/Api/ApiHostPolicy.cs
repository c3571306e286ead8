using System.Collections.Frozen;
using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Http;
using Proxy.Node.Hosting;

namespace Proxy.Node.Api;

/// <summary>
/// Which Host headers the API and management listeners answer. A page in a browser can reach a
/// loopback listener through DNS rebinding (its own name re-resolved to 127.0.0.1), but the browser
/// still sends that name as the Host; refusing names the node does not own closes that door. IP
/// literals cannot be rebound, so the address a request arrived on and loopback addresses pass.
/// </summary>
public sealed class ApiHostPolicy
{
    private readonly FrozenSet<string> _names;
    private readonly FrozenSet<IPAddress> _addresses;

    public ApiHostPolicy(IEnumerable<string> hosts)
    {
        var names = new List<string>();
        var addresses = new List<IPAddress>();
        foreach (var host in hosts)
        {
            if (Literal(host) is { } address)
            {
                addresses.Add(address);
            }
            else
            {
                names.Add(Normalise(host));
            }
        }

        _names = names.ToFrozenSet(StringComparer.OrdinalIgnoreCase);
        _addresses = addresses.ToFrozenSet();
    }

    /// <summary>
    /// The node's own names: localhost, the machine's hostname, the listeners' hosts, the cluster's
    /// hostname and public hostname, and what the operator added with --api.allowedhosts.
    /// </summary>
    public static ApiHostPolicy For(StaticConfig config, string machineHostname)
    {
        IEnumerable<string?> hosts =
        [
            "localhost",
            machineHostname,
            config.ApiAddress.IsWildcard ? null : config.ApiAddress.Host,
            config.ManagementAddress is { IsWildcard: false } management ? management.Host : null,
            config.Cluster.Hostname,
            config.Cluster.PublicHostname,
            .. config.ApiAllowedHosts,
        ];
        return new ApiHostPolicy(hosts.OfType<string>().Where(h => h.Length > 0 && !IsWildcardLiteral(h)));
    }

    /// <summary>
    /// True for an allowed Host, with or without a port. A request without Host (HTTP/1.0) passes: a
    /// browser always sends one, so its absence is a tool on the machine or the network, not a page.
    /// </summary>
    public bool Allows(HostString host, IPAddress? localAddress)
    {
        if (!host.HasValue)
        {
            return true;
        }

        var name = host.Host;
        if (Literal(name) is { } address)
        {
            return Owns(address, localAddress);
        }

        // A bracketed host that is no IPv6 address is no name either.
        return !name.StartsWith('[') && _names.Contains(Normalise(name));
    }

    private bool Owns(IPAddress address, IPAddress? localAddress)
    {
        var local = localAddress?.IsIPv4MappedToIPv6 == true ? localAddress.MapToIPv4() : localAddress;
        return IPAddress.IsLoopback(address) || address.Equals(local) || _addresses.Contains(address);
    }

    /// <summary>
    /// An IPv4 dotted quad or an IPv6 address, else null. IPAddress.TryParse alone would also take
    /// "1" or "127.1", forms a browser never sends and a name could collide with.
    /// </summary>
    private static IPAddress? Literal(string host)
    {
        var bare = host.StartsWith('[') && host.EndsWith(']') ? host[1..^1] : host;
        if (bare.Contains(':', StringComparison.Ordinal))
        {
            return IPAddress.TryParse(bare, out var v6) && v6.AddressFamily == AddressFamily.InterNetworkV6 ? v6 : null;
        }

        return ListenAddress.TryParse(bare + ":1", out var parsed) && parsed.HostKind == ListenHostKind.IPv4 ? IPAddress.Parse(bare) : null;
    }

    private static bool IsWildcardLiteral(string host) =>
        Literal(host) is { } address && (address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any));

    /// <summary>"Example.COM." and "example.com" are one name: DNS ignores case and the root dot.</summary>
    private static string Normalise(string name) => name.TrimEnd('.').ToLowerInvariant();
}
