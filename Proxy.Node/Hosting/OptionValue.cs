using System.Globalization;
using Proxy.Actors.Model;

namespace Proxy.Node.Hosting;

/// <summary>Parsing of one raw value by its option's kind, and the words that tell an operator what is accepted.</summary>
public static class OptionValue
{
    public static string Accepted(StaticOption option) => option.Kind switch
    {
        OptionKind.String => "a non-empty value",
        OptionKind.Bool => "true or false",
        OptionKind.Int => "a whole number",
        OptionKind.Duration => "a duration such as 10s, 1m30s or 250ms (a bare number is seconds), at most 24h",
        OptionKind.Address => ListenAddress.Accepted,
        OptionKind.Host => "an IP address or a host name, without a port",
        OptionKind.Endpoint => DockerEndpointSyntax.Accepted,
        OptionKind.EndpointList => $"{DockerEndpointSyntax.Accepted}; several as a comma-separated list or by repeating the flag",
        OptionKind.AddressList => $"host:port items, several as a comma-separated list or by repeating the flag, or one {DnsSeed.Accepted}",
        OptionKind.NameList => "names of letters, digits, '_' and '-', several as a comma-separated list or by repeating the flag",
        OptionKind.HostList => "IP addresses or host names without a port, several as a comma-separated list or by repeating the flag",
        OptionKind.NetworkList => $"{NetworkRange.Accepted}, several as a comma-separated list or by repeating the flag",
        OptionKind.FileList => "file paths, several as a comma-separated list or by repeating the flag",
        OptionKind.Domain => "a domain name (letters, digits and '-' between dots, optionally starting with '*.')",
        OptionKind.DomainList => "domain names (optionally starting with '*.'), several as a comma-separated list or by repeating the flag",
        _ => "one of " + string.Join(", ", option.Choices),
    };

    public static bool IsValid(StaticOption option, string text) => option.Kind switch
    {
        OptionKind.String => text.Length > 0,
        OptionKind.Bool => TryParseBool(text, out _),
        OptionKind.Int => TryParseInt(text, out _),
        // A timer cannot wait beyond about 49 days: a longer duration would throw wherever it is used, on every request.
        OptionKind.Duration => Duration.TryParse(text, out var duration) && duration <= TimeSpan.FromHours(24),
        OptionKind.Address => ListenAddress.TryParse(text, out _),
        OptionKind.Host => IsHost(text),
        OptionKind.Endpoint => DockerEndpointSyntax.IsValid(text.Trim()),
        OptionKind.EndpointList => OptionList.Split(text).All(DockerEndpointSyntax.IsValid),
        OptionKind.AddressList => OptionList.Split(text).All(IsSeedAddress),
        OptionKind.NameList => OptionList.Split(text).All(item => StaticOptions.ValidName().IsMatch(item)),
        OptionKind.HostList => OptionList.Split(text).All(IsHost),
        OptionKind.NetworkList => OptionList.Split(text).All(item => NetworkRange.TryParse(item, out _)),
        OptionKind.FileList => OptionList.Split(text).All(item => item.Length > 0),
        OptionKind.Domain => IsDomain(text),
        OptionKind.DomainList => OptionList.Split(text).All(IsDomain),
        _ => TryParseChoice(option, text, out _),
    };

    public static bool TryParseBool(string text, out bool value)
    {
        // Only the two words: Go's extra spellings (t, F, 1) are easy to mistype into a silent false.
        value = text.Equals("true", StringComparison.OrdinalIgnoreCase);
        return value || text.Equals("false", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>
    /// An IP address (IPv6 without brackets) or a DNS name, as a server URL's host is built from it. IPv4 must be
    /// a dotted quad: IPAddress.TryParse would take "1" for 0.0.0.1.
    /// </summary>
    public static bool IsHost(string text) =>
        text.Contains(':', StringComparison.Ordinal)
            ? System.Net.IPAddress.TryParse(text, out var v6) && v6.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6
            : (ListenAddress.TryParse(text + ":1", out var address) && address.HostKind is ListenHostKind.Name or ListenHostKind.IPv4);

    /// <summary>A name a certificate may cover, checked as the dynamic configuration's <c>tls.domains</c> are.</summary>
    public static bool IsDomain(string text) => !Actors.Model.Config.TlsNames.DomainCheck(text).Any();

    public static bool TryParseInt(string text, out int value) =>
        int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);

    /// <summary>Case-insensitive match against the option's choices; <paramref name="choice"/> is spelled as the table spells it.</summary>
    public static bool TryParseChoice(StaticOption option, string text, out string choice)
    {
        foreach (var candidate in option.Choices)
        {
            if (candidate.Equals(text, StringComparison.OrdinalIgnoreCase))
            {
                choice = candidate;
                return true;
            }
        }

        choice = "";
        return false;
    }

    /// <summary>A peer to dial: a host is required (an empty host means "any" only for listening); or a DNS seed.</summary>
    public static bool IsSeedAddress(string text) =>
        DnsSeed.IsDnsSeed(text)
            ? DnsSeed.TryParse(text, out _)
            : ListenAddress.TryParse(text, out var address) && address.HostKind != ListenHostKind.Any;
}
