using System.Collections.Immutable;
using Proxy.Actors.Configuration.Schema;

namespace Proxy.Actors.Model.Config;

/// <summary>
/// Raw dynamic configuration as one provider reported it (Traefik's <c>http:</c> section).
/// Nothing here has been validated: strings stay strings until the validator parses them,
/// so that every error can be reported with the object it belongs to.
/// </summary>
public sealed record DynamicConfig(
    ImmutableSortedDictionary<string, RouterConfig> Routers,
    ImmutableSortedDictionary<string, ServiceConfig> Services,
    ImmutableSortedDictionary<string, MiddlewareConfig> Middlewares,
    TlsConfig? Tls = null)
{
    public static DynamicConfig Empty { get; } = new(
        ImmutableSortedDictionary<string, RouterConfig>.Empty,
        ImmutableSortedDictionary<string, ServiceConfig>.Empty,
        ImmutableSortedDictionary<string, MiddlewareConfig>.Empty);

    /// <summary>Traefik's <c>http.serversTransports</c>: how the node connects to the servers of the services naming one.</summary>
    public ImmutableSortedDictionary<string, ServersTransportConfig> ServersTransports { get; init; } =
        ImmutableSortedDictionary<string, ServersTransportConfig>.Empty;

    /// <summary>Traefik's <c>http:</c> section: the routers, services, middlewares and servers transports this record holds.</summary>
    public static RecordSchema<DynamicConfig> HttpSchema { get; } = Http(fromLabels: false);

    /// <summary>
    /// The <c>http:</c> section as container labels may write it: servers transports name certificate and key files
    /// on the node, which only the node's operator may choose (docs/security.md); labels refer to them by name.
    /// </summary>
    public static RecordSchema<DynamicConfig> LabelHttpSchema { get; } = Http(fromLabels: true);

    private static RecordSchema<DynamicConfig> Http(bool fromLabels)
    {
        var builder = new SchemaBuilder<DynamicConfig>(Empty)
            .ObjectMap("routers", c => c.Routers, (c, v) => c with { Routers = v }, RouterConfig.Schema, "router")
            .ObjectMap("services", c => c.Services, (c, v) => c with { Services = v }, ServiceConfig.Schema, "service")
            .ObjectMap("middlewares", c => c.Middlewares, (c, v) => c with { Middlewares = v }, MiddlewareConfig.Schema, "middleware");
        builder = fromLabels
            ? builder.NotSupported("serversTransports", "serversTransports cannot be declared by labels (they name certificate and key files on the node): declare it in the file provider and name it as '<name>@file'")
            : builder.ObjectMap("serversTransports", c => c.ServersTransports, (c, v) => c with { ServersTransports = v }, ServersTransportConfig.Schema, "servers transport");
        return builder
            .IgnoresUnsupported()
            .UnknownFieldMessage((name, suggestion) => suggestion is null
                ? $"'{name}' is not supported (only routers, services, middlewares and serversTransports are)"
                : $"'{name}' is not supported (only routers, services, middlewares and serversTransports are; did you mean '{suggestion}'?)")
            .Build();
    }

    /// <summary>
    /// The whole dynamic configuration as a provider writes it. <c>http</c> is this record itself
    /// (a section, see <see cref="SchemaBuilder{TRecord}.Section"/>); <c>tls</c> is <see cref="TlsConfig"/>
    /// (null when not given); <c>tcp</c> and <c>udp</c> are declared so that they are reported as not
    /// supported yet, and become records of their own when they are.
    /// </summary>
    public static RecordSchema<DynamicConfig> Schema { get; } = new SchemaBuilder<DynamicConfig>(Empty)
        .Section("http", HttpSchema)
        .Object("tls", c => c.Tls, (c, v) => c with { Tls = v }, TlsConfig.Schema)
        .IgnoresUnsupported()
        .NotSupported("tcp", "'tcp' configuration is not supported (only http and tls are)")
        .NotSupported("udp", "'udp' configuration is not supported (only http and tls are)")
        .UnknownFieldMessage((name, suggestion) => suggestion is null
            ? $"'{name}' configuration is not supported (only http and tls are)"
            : $"'{name}' configuration is not supported (only http and tls are; did you mean '{suggestion}'?)")
        .Build();
}
