using Proxy.Actors.Configuration.Schema;

namespace Proxy.Discovery.Labels;

/// <summary>
/// What the labels under <c>http.services.&lt;name&gt;.loadBalancer.server.</c> say about the one server a
/// container adds to a service. Unlike the rest of a service this is not yet configuration: the URL
/// needs the container's address, which only the translator knows.
/// </summary>
public sealed record ServerLabels(int? Port, string? Scheme, string? Url, int? Weight)
{
    public static ServerLabels None { get; } = new(null, null, null, null);

    /// <remarks>
    /// The port is checked here, since the translator builds the URL from it; the URL and the weight end up
    /// in a <see cref="Proxy.Actors.Model.Config.ServerConfig"/>, whose own declaration checks them.
    /// </remarks>
    public static RecordSchema<ServerLabels> Schema { get; } = new SchemaBuilder<ServerLabels>(None)
        .Int("port", s => s.Port, (s, v) => s with { Port = v }, check: Checks.Within(1, 65535, "a port number"))
        .String("scheme", s => s.Scheme, (s, v) => s with { Scheme = v })
        .String("url", s => s.Url, (s, v) => s with { Url = v })
        .Int("weight", s => s.Weight, (s, v) => s with { Weight = v })
        .Build();
}
