using Microsoft.AspNetCore.Http;

namespace Proxy.Node.Forwarding;

/// <summary>
/// Whether the client's Host header can be passed on to a backend. Kestrel lets through Host
/// values (<c>!a</c>, <c>(a</c>, a label over 63 characters) that the backend client refuses to
/// send; YARP then fails the attempt as if the server had, with 502, and the failure was told to
/// the server's actor. Such a request is the client's mistake: the handler answers 400 before
/// forwarding. The common case (a DNS name or an address) is decided without allocating; anything
/// else is put to the backend client's own check.
/// </summary>
internal static class ForwardableHost
{
    public static bool IsValid(HostString host)
    {
        // No Host at all (HTTP/1.0) is forwarded with the server's own.
        if (!host.HasValue)
        {
            return true;
        }

        if (Uri.CheckHostName(host.Host) is UriHostNameType.Dns or UriHostNameType.IPv4 or UriHostNameType.IPv6 && HasValidPort(host.Value))
        {
            return true;
        }

        try
        {
            using var probe = new HttpRequestMessage();
            probe.Headers.Host = host.Value;
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    private static bool HasValidPort(string value)
    {
        var colon = value.LastIndexOf(':');
        if (colon < 0 || value.EndsWith(']'))
        {
            return true;
        }

        var port = value.AsSpan(colon + 1);
        return port.Length is > 0 and <= 5 && !port.ContainsAnyExceptInRange('0', '9') && int.Parse(port, System.Globalization.CultureInfo.InvariantCulture) <= 65535;
    }
}
