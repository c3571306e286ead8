using Proxy.Actors.Configuration.Schema;
using Proxy.Actors.Model.Config;

namespace Proxy.Discovery.Labels;

/// <summary>
/// What the labels under <c>http.services.&lt;name&gt;.loadBalancer.server.</c> say about the one server a
/// container adds to a service. Unlike the rest of a service this is not yet configuration: the URL
/// needs the container's address, which only the translator knows. <see cref="Server"/> holds the fields
/// labels share with a file's server (<c>url</c>, <c>weight</c>), declared by <see cref="ServerConfig.Schema"/>.
/// </summary>
public sealed record ServerLabels(int? Port, string? Scheme, ServerConfig Server)
{
    public static ServerLabels None { get; } = new(null, null, ServerConfig.Empty);

    /// <remarks>
    /// The port is checked here, since the translator builds the URL from it; the URL and the weight are
    /// checked by <see cref="ServerConfig.Schema"/> when the server is validated with its service.
    /// </remarks>
    public static RecordSchema<ServerLabels> Schema { get; } = new SchemaBuilder<ServerLabels>(None)
        .Int("port", s => s.Port, (s, v) => s with { Port = v }, check: Checks.Within(1, 65535, "a port number"))
        .String("scheme", s => s.Scheme, (s, v) => s with { Scheme = v }, check: Checks.ServerSchemeName)
        .FieldsOf(ServerConfig.Schema, s => s.Server, (s, v) => s with { Server = v }, "url", "weight")
        .Build();
}
