namespace Proxy.Node.Hosting;

/// <summary>The type of a static option's value, which decides how it is parsed, checked and shown in help.</summary>
public enum OptionKind
{
    String,
    Bool,
    Int,
    Duration,
    Address,
    Enum,

    /// <summary>An IP address or a host name, without a port.</summary>
    Host,

    /// <summary>
    /// A list of Docker endpoints (<c>unix:///path</c>, <c>tcp://host:port</c>): the first list kind. A list
    /// flag given several times accumulates, and any source may also separate items with commas.
    /// </summary>
    EndpointList,

    /// <summary>One Docker endpoint (<c>unix:///path</c>, <c>tcp://host:port</c>): a named endpoint's.</summary>
    Endpoint,

    /// <summary>A list of <c>host:port</c> addresses (cluster seeds), as a list flag accumulates.</summary>
    AddressList,

    /// <summary>A list of names made of letters, digits, '_' and '-' (cluster roles).</summary>
    NameList,

    /// <summary>A list of IP addresses or host names without ports (the API's allowed Host names).</summary>
    HostList,
    /// <summary>A list of IP addresses and CIDR ranges (trusted proxies).</summary>
    NetworkList,

    /// <summary>A list of file paths (PEM files of CA certificates).</summary>
    FileList,

    /// <summary>A domain name a certificate covers, <c>*.</c> allowed in front (a TLS domain's main name).</summary>
    Domain,

    /// <summary>A list of <see cref="Domain"/> names (a TLS domain's sans).</summary>
    DomainList,
}
