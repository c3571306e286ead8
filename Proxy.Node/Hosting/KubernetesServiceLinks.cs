using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace Proxy.Node.Hosting;

/// <summary>
/// The variables Kubernetes gives every container of a namespace for a service named <c>proxy</c> or
/// <c>proxy-&lt;x&gt;</c> (kubelet's envvars, <c>&lt;X&gt;</c> being x upper-cased with '-' as '_':
/// <c>PROXY_&lt;X&gt;_SERVICE_HOST</c>, <c>_SERVICE_PORT</c>, <c>_SERVICE_PORT_&lt;NAME&gt;</c> per named port,
/// and Docker-link style <c>_PORT</c>, <c>_PORT_&lt;n&gt;_&lt;PROTO&gt;</c> with <c>_ADDR</c>, <c>_PORT</c> and
/// <c>_PROTO</c>). A variable is one of them only when its name and its value both have kubelet's shape,
/// so that a tool's own <c>PROXY_PORT=3128</c> is still reported as unknown. Some of them also spell an
/// option (service <c>proxy-cluster</c> gives <c>PROXY_CLUSTER_PORT=tcp://10.96.0.7:4040</c>, which reads as
/// <c>cluster.port</c>): <see cref="EnvironmentSource"/> decides those with <see cref="ServicesOf"/>.
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

    // The part of a service's name after "proxy-": DNS-1035 label characters, upper-cased with '-' as '_'.
    // "proxy-" leaves 57 of a service name's 63 characters.
    [GeneratedRegex("^[A-Z0-9]+(?:_[A-Z0-9]+)*$", RegexOptions.CultureInvariant)]
    private static partial Regex ServiceSuffix();

    private const int MaxServiceSuffix = 57;

    /// <summary>Whether <paramref name="variable"/> (with its <c>PROXY_</c> prefix) and its value are a service link of service <c>proxy</c> or <c>proxy-&lt;x&gt;</c>.</summary>
    public static bool Matches(string variable, string value) => ServicesOf(variable, value).Any();

    /// <summary>
    /// The services (<c>proxy</c>, <c>proxy-cluster</c>, ...) whose service link <paramref name="variable"/> and its
    /// value could be, as the <c>PROXY_*SERVICE_HOST</c> variable kubelet sets beside each of them; none when
    /// it is not a service link. A name can be split more than one way (<c>PROXY_A_PORT_80_TCP_PORT</c>), so
    /// every split whose value fits is given.
    /// </summary>
    public static IEnumerable<string> ServicesOf(string variable, string value)
    {
        if (!variable.StartsWith(ConfigOrigin.EnvironmentPrefix, StringComparison.Ordinal))
        {
            yield break;
        }

        var rest = variable[ConfigOrigin.EnvironmentPrefix.Length..];
        if (MatchesLink(rest, value))
        {
            yield return $"{ConfigOrigin.EnvironmentPrefix}SERVICE_HOST";
        }

        for (var split = rest.IndexOf('_'); split > 0; split = rest.IndexOf('_', split + 1))
        {
            var service = rest[..split];
            if (service.Length <= MaxServiceSuffix && ServiceSuffix().IsMatch(service) && MatchesLink(rest[(split + 1)..], value))
            {
                yield return $"{ConfigOrigin.EnvironmentPrefix}{service}_SERVICE_HOST";
            }
        }
    }

    /// <summary>The service's name as written in Kubernetes, from its <c>PROXY_*SERVICE_HOST</c> variable.</summary>
    public static string ServiceName(string serviceHostVariable) =>
        serviceHostVariable == $"{ConfigOrigin.EnvironmentPrefix}SERVICE_HOST"
            ? "proxy"
            : $"proxy-{serviceHostVariable[ConfigOrigin.EnvironmentPrefix.Length..^"_SERVICE_HOST".Length].ToLowerInvariant().Replace('_', '-')}";

    /// <summary>Whether the part of a variable after the service's prefix, and its value, are one of kubelet's.</summary>
    private static bool MatchesLink(string rest, string value)
    {
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
