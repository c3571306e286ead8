using System.Net;
using Proxy.Node.Hosting;

namespace Proxy.Node.ClusterTls;

/// <summary>How the cluster transport is protected, as the API and the start-up log tell it.</summary>
public enum ClusterTransportSecurityKind
{
    /// <summary>Mutual TLS: only nodes with a certificate from the cluster's CA connect.</summary>
    MutualTls,

    /// <summary>Plain TCP on a loopback address: only processes on this host reach it.</summary>
    LoopbackPlaintext,

    /// <summary>Plain TCP off loopback, allowed by <c>--cluster.insecure=true</c>: anyone who reaches the port may join.</summary>
    Insecure,
}

/// <summary>Decides <see cref="ClusterTransportSecurityKind"/> from the cluster settings.</summary>
public static class ClusterTransportSecurity
{
    public static ClusterTransportSecurityKind For(ClusterSettings settings) =>
        settings.Tls is not null ? ClusterTransportSecurityKind.MutualTls
        : IsLoopbackHost(settings.Hostname) ? ClusterTransportSecurityKind.LoopbackPlaintext
        : ClusterTransportSecurityKind.Insecure;

    /// <summary>The API's word for it.</summary>
    public static string Name(ClusterTransportSecurityKind kind) => kind switch
    {
        ClusterTransportSecurityKind.MutualTls => "mutual-tls",
        ClusterTransportSecurityKind.LoopbackPlaintext => "plaintext-loopback",
        _ => "insecure",
    };

    /// <summary>A loopback IP or localhost; any other name may resolve to a reachable address.</summary>
    public static bool IsLoopbackHost(string host) =>
        IPAddress.TryParse(host.Trim('[', ']'), out var address)
            ? IPAddress.IsLoopback(address)
            : host.Equals("localhost", StringComparison.OrdinalIgnoreCase);
}
