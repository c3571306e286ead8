using System.Net;
using Microsoft.AspNetCore.Http;

namespace Proxy.Node.Forwarding;

/// <summary>
/// The client's address as operators expect to read it: Kestrel's dual-mode sockets report IPv4
/// clients as <c>::ffff:1.2.3.4</c>, which would leak into X-Forwarded-For and logs.
/// </summary>
internal static class ClientAddress
{
    public static IPAddress? Of(HttpContext context) =>
        context.Connection.RemoteIpAddress is { IsIPv4MappedToIPv6: true } mapped
            ? mapped.MapToIPv4()
            : context.Connection.RemoteIpAddress;
}
