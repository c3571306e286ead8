using System.Net;

namespace Proxy.Node.Hosting;

/// <summary>How Kestrel should bind a <see cref="ListenAddress"/>.</summary>
public enum ListenTargetKind
{
    /// <summary><c>ListenAnyIP(port)</c>: IPv6 any in dual mode, falling back to IPv4 any where IPv6 is off.</summary>
    AnyIP,

    /// <summary><c>ListenLocalhost(port)</c>: both 127.0.0.1 and [::1].</summary>
    Localhost,

    /// <summary><c>Listen(EndPoint)</c> on one literal address.</summary>
    EndPoint,

    /// <summary>A name other than localhost: Kestrel cannot bind names, so it has to be resolved first.</summary>
    ResolveName,
}

/// <summary>
/// The pure half of binding a listener: what kind of Kestrel call an address needs. Resolving names is
/// I/O and stays with the caller, so this mapping can be tested without a network.
/// </summary>
public sealed record ListenTarget(ListenTargetKind Kind, int Port, IPEndPoint? EndPoint, string? Name)
{
    public static ListenTarget For(ListenAddress address) => address.HostKind switch
    {
        ListenHostKind.Any => new ListenTarget(ListenTargetKind.AnyIP, address.Port, null, null),
        ListenHostKind.Name when address.Host.Equals("localhost", StringComparison.OrdinalIgnoreCase) =>
            new ListenTarget(ListenTargetKind.Localhost, address.Port, null, null),
        ListenHostKind.Name => new ListenTarget(ListenTargetKind.ResolveName, address.Port, null, address.Host),
        _ => new ListenTarget(ListenTargetKind.EndPoint, address.Port, new IPEndPoint(IPAddress.Parse(address.Host), address.Port), null),
    };
}
