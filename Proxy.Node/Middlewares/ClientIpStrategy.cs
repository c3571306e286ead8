using System.Collections.Immutable;
using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;
using Proxy.Actors.Model;
using Proxy.Actors.Model.Config;
using Proxy.Node.Forwarding;

namespace Proxy.Node.Middlewares;

/// <summary>
/// An <see cref="IpStrategyConfig"/> made ready for requests: the client's address as a middleware that
/// acts on it reads it. Without depth or excludedIPs it is the connection's peer (the client a trusted
/// PROXY protocol header names), as Traefik's remote-address strategy: an entry point that trusts
/// forwarded headers (insecure=true is common) must not let any client name itself in X-Forwarded-For
/// and pass an allow-list or take a fresh rate-limit bucket. X-Forwarded-For counts only for depth and
/// excludedIPs, and only when the entry point trusts the peer to send it (as Traefik's entry point removes
/// it otherwise). Null means no address: depth beyond the list, every entry excluded, or an entry that is
/// not an address; the middleware decides what that means for it.
/// </summary>
internal sealed class ClientIpStrategy
{
    private readonly int _depth;
    private readonly ImmutableArray<IPNetwork> _excluded;
    private readonly int? _ipv6Subnet;

    public ClientIpStrategy(IpStrategyConfig? config)
    {
        _depth = config?.Depth ?? 0;
        _excluded = config is null || config.ExcludedIPs.IsDefaultOrEmpty
            ? []
            : [.. config.ExcludedIPs.Select(text => NetworkRange.TryParse(text, out var range) ? range : throw new ArgumentException($"'{text}' was not validated", nameof(config)))];
        _ipv6Subnet = config?.Ipv6Subnet;
    }

    /// <summary>The strategy of a middleware that gives none.</summary>
    public static ClientIpStrategy Default { get; } = new(null);

    /// <summary>What the strategy is, for messages: "depth 2", "excluding 2 ranges", "the client address".</summary>
    public string Describe() =>
        _depth > 0 ? $"X-Forwarded-For depth {_depth}"
        : !_excluded.IsEmpty ? $"X-Forwarded-For excluding {_excluded.Length} range(s)"
        : "the client address";

    public IPAddress? ClientIp(HttpContext context, ForwardedHeadersPolicy forwarded)
    {
        var address = _depth > 0 || !_excluded.IsEmpty
            ? FromForwardedFor(context, forwarded)
            : ClientAddress.Of(context);
        return address is not null && _ipv6Subnet is { } bits && address.AddressFamily == AddressFamily.InterNetworkV6
            ? NetworkRange.Masked(address, bits)
            : address;
    }

    private IPAddress? FromForwardedFor(HttpContext context, ForwardedHeadersPolicy forwarded)
    {
        if (!forwarded.Trusts(ClientAddress.Of(context)))
        {
            return null;
        }

        // Every header line, in order, read from the right: the list a chain of proxies built.
        var lines = context.Request.Headers[ForwardedHeaderNames.XForwardedFor];
        var seen = 0;
        for (var line = lines.Count - 1; line >= 0; line--)
        {
            var rest = (lines[line] ?? string.Empty).AsSpan();
            while (rest.Length > 0)
            {
                var comma = rest.LastIndexOf(',');
                var entry = rest[(comma + 1)..].Trim(" \t");
                rest = comma < 0 ? [] : rest[..comma];
                if (entry.Length == 0)
                {
                    continue;
                }

                seen++;
                if (_depth > 0)
                {
                    if (seen == _depth)
                    {
                        return Parse(entry);
                    }

                    continue;
                }

                if (Parse(entry) is not { } hop)
                {
                    return null;
                }

                if (!Excluded(hop))
                {
                    return hop;
                }
            }
        }

        return null;
    }

    private bool Excluded(IPAddress address)
    {
        foreach (var range in _excluded)
        {
            if (range.Contains(address))
            {
                return true;
            }
        }

        return false;
    }

    private static IPAddress? Parse(ReadOnlySpan<char> entry) =>
        ForwardedHeadersPolicy.TryParseHop(entry, out var address) ? address : null;
}
