namespace Proxy.Discovery.Docker;

/// <summary>
/// The Docker provider's settings that change what a container translates to. Defaults are
/// Traefik's, except the label prefix and the host-network address, which are ours.
/// </summary>
public sealed record DockerProviderOptions
{
    /// <summary>When false, only containers labelled <c>&lt;prefix&gt;.enable=true</c> are routed.</summary>
    public bool ExposedByDefault { get; init; } = true;

    /// <summary>
    /// The rule of routers that have none (Go template syntax, a subset: see <see cref="DefaultRuleTemplate"/>).
    /// </summary>
    public string DefaultRule { get; init; } = "Host(`{{ normalize .Name }}`)";

    /// <summary>The network whose address is used when a container is on several; null picks the first by name.</summary>
    public string? Network { get; init; }

    /// <summary>Labels are read under <c>&lt;prefix&gt;.</c>; set <c>traefik</c> to read an existing Traefik compose file unchanged.</summary>
    public string LabelPrefix { get; init; } = "proxy";

    /// <summary>
    /// Keep services whose containers cannot serve yet (health starting or unhealthy) with no server,
    /// instead of leaving them and their routers out (which makes the router answer 404, not 503).
    /// </summary>
    public bool AllowEmptyServices { get; init; }

    /// <summary>
    /// The address of containers with host networking: they listen on the Docker host itself.
    /// Configurable because a proxy that is not on that host (or listens on 127.0.0.x) needs another.
    /// </summary>
    public string HostNetworkAddress { get; init; } = "127.0.0.1";

    /// <summary>Only containers whose labels satisfy it are routed (Traefik's constraints); null routes all.</summary>
    public Constraints.ConstraintExpression? Constraints { get; init; }

    /// <summary>
    /// Reach a container through the host address and port its port is published on, when it has such a
    /// binding, instead of its own network address (Traefik's usebindportip).
    /// </summary>
    public bool UseBindPortIp { get; init; }

    public static DockerProviderOptions Default { get; } = new();
}
