using System.Collections.Frozen;
using System.Net;

namespace Proxy.Node.Hosting;

/// <summary>
/// Which listener a connection arrived on, by its local address: the entry point's name, null for
/// the API listener, or <see cref="Management"/>. Kestrel serves all of them from one pipeline.
/// </summary>
public sealed class ListenerMap
{
    /// <summary>The management listener's name: '@' cannot appear in an entry point's name.</summary>
    public const string Management = "@management";

    private readonly FrozenDictionary<int, Listener[]> _byPort;

    public ListenerMap(StaticConfig config)
    {
        var listeners = config.EntryPoints.Values
            .Select(e => new Listener(e.Name, e.Listen))
            .Append(new Listener(null, config.ApiAddress));
        if (config.ManagementAddress is { } management)
        {
            listeners = listeners.Append(new Listener(Management, management));
        }

        _byPort = listeners.GroupBy(l => l.Address.Port).ToFrozenDictionary(g => g.Key, g => g.ToArray());
    }

    /// <summary>The entry point name, or null for the API (or for an address no listener claims).</summary>
    public bool TryGetEntryPoint(IPAddress? localAddress, int localPort, out string? entryPoint)
    {
        entryPoint = null;
        if (!_byPort.TryGetValue(localPort, out var candidates))
        {
            return false;
        }

        if (candidates.Length == 1)
        {
            entryPoint = candidates[0].EntryPoint;
            return true;
        }

        // Several listeners share the port on different addresses: the literal address decides.
        var local = localAddress?.IsIPv4MappedToIPv6 == true ? localAddress.MapToIPv4() : localAddress;
        var match = candidates.FirstOrDefault(c => IPAddress.TryParse(c.Address.Host, out var ip) && ip.Equals(local))
            ?? candidates.FirstOrDefault(c => c.Address.IsWildcard)
            ?? candidates[0];
        entryPoint = match.EntryPoint;
        return true;
    }

    private sealed record Listener(string? EntryPoint, ListenAddress Address);
}
