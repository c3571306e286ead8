using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace Proxy.Node.Hosting;

/// <summary>
/// The variables Kubernetes gives every container of a namespace for a service named <c>proxy</c>
/// (kubelet's envvars: <c>PROXY_SERVICE_HOST</c>, <c>PROXY_SERVICE_PORT</c>, <c>PROXY_SERVICE_PORT_&lt;NAME&gt;</c>
/// per named port, and Docker-link style <c>PROXY_PORT</c>, <c>PROXY_PORT_&lt;n&gt;_&lt;PROTO&gt;</c> with
/// <c>_ADDR</c>, <c>_PORT</c> and <c>_PROTO</c>). They are not options and are ignored without a word.
/// A variable is one of them only when its name and its value both have kubelet's shape, so that a
/// tool's own <c>PROXY_PORT=3128</c> is still reported as unknown. Known options are matched before
/// this, so none of them can be taken for a service link.
/// </summary>
public static partial class KubernetesServiceLinks
{
    private static readonly string[] Protocols = ["TCP", "UDP", "SCTP"];

    // A port's name is an IANA service name (1-15 of a-z, 0-9, '-', a letter among them, no "--", no '-'
    // at either end), upper-cased with '-' as '_'.
    [GeneratedRegex("^SERVICE_PORT_(?=[A-Z0-9_]{1,15}$)(?=.*[A-Z])[A-Z0-9]+(?:_[A-Z0-9]+)*$", RegexOptions.CultureInvariant)]
    private static partial Regex NamedServicePort();

    [GeneratedRegex("^PORT_([1-9][0-9]{0,4})_(TCP|UDP|SCTP)(?:_(ADDR|PORT|PROTO))?$", RegexOptions.CultureInvariant)]
    private static partial Regex LinkPort();

    /// <summary>Whether <paramref name="variable"/> (with its <c>PROXY_</c> prefix) and its value are a service link of service <c>proxy</c>.</summary>
    public static bool Matches(string variable, string value)
    {
        if (!variable.StartsWith(ConfigOrigin.EnvironmentPrefix, StringComparison.Ordinal))
        {
            return false;
        }

        var rest = variable[ConfigOrigin.EnvironmentPrefix.Length..];
        switch (rest)
        {
            case "SERVICE_HOST":
                return IsAddress(value);
            case "SERVICE_PORT":
                return IsPort(value);
            case "PORT":
                return IsLinkUrl(value, port: null, protocol: null);
        }

        if (NamedServicePort().IsMatch(rest))
        {
            return IsPort(value);
        }

        var link = LinkPort().Match(rest);
        if (!link.Success || !IsPort(link.Groups[1].Value))
        {
            return false;
        }

        var (port, protocol) = (link.Groups[1].Value, link.Groups[2].Value.ToLowerInvariant());
        return link.Groups[3].Value switch
        {
            "ADDR" => IsAddress(value),
            "PORT" => value == port,
            "PROTO" => value == protocol,
            _ => IsLinkUrl(value, port, protocol),
        };
    }

    /// <summary>A service's cluster IP as kubelet writes it: an IPv4 or IPv6 literal, nothing around it.</summary>
    private static bool IsAddress(string value) =>
        IPAddress.TryParse(value, out var address)
        && (address.AddressFamily == AddressFamily.InterNetworkV6
            ? value.Contains(':', StringComparison.Ordinal) && !value.Contains('%', StringComparison.Ordinal) && !value.Contains('[', StringComparison.Ordinal)
            : value.Count(c => c == '.') == 3 && value.All(c => c == '.' || char.IsAsciiDigit(c)));

    /// <summary>A port as Go's strconv.Itoa writes it: 1-65535, no sign, no leading zero.</summary>
    private static bool IsPort(string value) =>
        value.Length is > 0 and <= 5 && value[0] != '0' && value.All(char.IsAsciiDigit)
        && int.Parse(value, CultureInfo.InvariantCulture) <= 65535;

    /// <summary>
    /// <c>&lt;proto&gt;://&lt;cluster IP&gt;:&lt;port&gt;</c>, the protocol in lower case. An IPv6 cluster IP
    /// is written bare by kubelet's format string (<c>tcp://fd00::1:80</c>); the bracketed form is accepted too.
    /// </summary>
    private static bool IsLinkUrl(string value, string? port, string? protocol)
    {
        var scheme = value.IndexOf("://", StringComparison.Ordinal);
        if (scheme < 0)
        {
            return false;
        }

        var given = value[..scheme];
        if (protocol is null ? !Protocols.Contains(given.ToUpperInvariant()) || given != given.ToLowerInvariant() : given != protocol)
        {
            return false;
        }

        var hostPort = value[(scheme + 3)..];
        var colon = hostPort.LastIndexOf(':');
        if (colon < 0 || !IsPort(hostPort[(colon + 1)..]) || (port is not null && hostPort[(colon + 1)..] != port))
        {
            return false;
        }

        var host = hostPort[..colon];
        return host.StartsWith('[') && host.EndsWith(']') ? IsAddress(host[1..^1]) && host.Contains(':', StringComparison.Ordinal) : IsAddress(host);
    }
}
