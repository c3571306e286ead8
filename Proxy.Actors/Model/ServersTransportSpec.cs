using System.Globalization;
using Proxy.Actors.Configuration.Schema;
using Proxy.Actors.Model.Config;
using Proxy.Actors.Tls;

namespace Proxy.Actors.Model;

/// <summary>
/// A validated servers transport: <see cref="Options"/> is the checked record with Traefik's defaults filled in, the
/// times are parsed, and <see cref="Material"/> is what its files held when the configuration was validated (never
/// disposed here: snapshots that still name it may be read by requests; the collector frees it with the last).
/// Two specs are equal when their <see cref="Identity"/> is: same name, options and certificates. A server's
/// connections are pooled per transport identity, so a changed transport or a rotated file gets new connections.
/// </summary>
public sealed record ServersTransportSpec
{
    /// <param name="name">The qualified name (<c>mtls@file</c>).</param>
    /// <param name="options">A record the declaration has checked.</param>
    /// <param name="material">What its files hold; owned by the spec from now on.</param>
    public ServersTransportSpec(string name, ServersTransportConfig options, ServersTransportMaterial material)
    {
        var resolved = SchemaValidation.Resolve(ServersTransportConfig.Schema, options);
        var timeouts = SchemaValidation.Resolve(ForwardingTimeoutsConfig.Schema, resolved.ForwardingTimeouts ?? ForwardingTimeoutsConfig.Empty);
        Name = name;
        Options = resolved with { ForwardingTimeouts = timeouts };
        Material = material;
        DialTimeout = NoneIfZero(Duration.Checked(timeouts.DialTimeout));
        ResponseHeaderTimeout = NoneIfZero(Duration.Checked(timeouts.ResponseHeaderTimeout));
        IdleConnTimeout = NoneIfZero(Duration.Checked(timeouts.IdleConnTimeout));
        Identity = string.Join(
            '|',
            name,
            Options.ServerName ?? "",
            Options.InsecureSkipVerify!.Value ? "insecure" : "verify",
            Options.PeerCertUri ?? "",
            Options.DisableHttp2!.Value ? "h1" : "h2",
            Options.MaxIdleConnsPerHost!.Value.ToString(CultureInfo.InvariantCulture),
            Duration.Format(DialTimeout), Duration.Format(ResponseHeaderTimeout), Duration.Format(IdleConnTimeout),
            material.Identity);
    }

    public string Name { get; }

    /// <summary>The checked transport, defaults filled in (<c>forwardingTimeouts</c> included), as the API shows it.</summary>
    public ServersTransportConfig Options { get; }

    public ServersTransportMaterial Material { get; }

    /// <summary>How long connecting (TCP and TLS) may take; <see cref="Timeout.InfiniteTimeSpan"/> for no limit (0 given).</summary>
    public TimeSpan DialTimeout { get; }

    /// <summary>How long a server may take to send its response's headers; <see cref="Timeout.InfiniteTimeSpan"/> for no limit (Traefik's default).</summary>
    public TimeSpan ResponseHeaderTimeout { get; }

    /// <summary>How long a pooled connection may stay idle; <see cref="Timeout.InfiniteTimeSpan"/> for no limit.</summary>
    public TimeSpan IdleConnTimeout { get; }

    /// <summary>A negative <c>maxIdleConnsPerHost</c> keeps no connection for another request, as in Go's transport.</summary>
    public bool ReusesConnections => Options.MaxIdleConnsPerHost!.Value >= 0;

    public bool DisableHttp2 => Options.DisableHttp2!.Value;

    public bool InsecureSkipVerify => Options.InsecureSkipVerify!.Value;

    /// <summary>Its name, options and certificates' thumbprints: what a server's connection pool is keyed by.</summary>
    public string Identity { get; }

    public bool Equals(ServersTransportSpec? other) => other is not null && Identity == other.Identity;

    public override int GetHashCode() => Identity.GetHashCode(StringComparison.Ordinal);

    private static TimeSpan NoneIfZero(TimeSpan value) => value == TimeSpan.Zero ? Timeout.InfiniteTimeSpan : value;
}
