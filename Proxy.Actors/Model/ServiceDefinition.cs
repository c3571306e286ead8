using System.Collections.Immutable;
using Proxy.Actors.Configuration.Schema;
using Proxy.Actors.Model.Config;
using Proxy.Actors.Services.SessionAffinity;

namespace Proxy.Actors.Model;

/// <summary>
/// A validated service. <see cref="Options"/> is its checked <c>loadBalancer</c> with the declared defaults
/// filled in; the servers and health checks are that record's values in the form the actors read. Internal
/// services (<c>whoami@internal</c>, <c>api@internal</c>) are answered by the host and have no servers.
/// </summary>
public sealed record ServiceDefinition
{
    /// <param name="options">A load balancer the declaration has checked; its defaults are filled in here.</param>
    public ServiceDefinition(string name, string provider, LoadBalancerConfig options)
        : this(name, provider, false, SchemaValidation.Resolve(LoadBalancerConfig.Schema, options))
    {
    }

    /// <summary>A service over services: no servers of its own, no actor; its children are named in <paramref name="composite"/>.</summary>
    /// <param name="config">Its checked configuration with defaults filled in, to tell a reload that changes nothing.</param>
    public ServiceDefinition(string name, string provider, Composite.CompositeDefinition composite, ServiceConfig config)
        : this(name, provider, false, SchemaValidation.Resolve(LoadBalancerConfig.Schema, LoadBalancerConfig.Empty))
    {
        Composite = composite;
        CompositeConfig = config;
    }

    private ServiceDefinition(string name, string provider, bool isInternal, LoadBalancerConfig options)
    {
        Name = name;
        Provider = provider;
        IsInternal = isInternal;
        HealthCheck = options.HealthCheck is { } check ? new HealthCheckSpec(check) : null;
        PassiveHealth = options.PassiveHealthCheck is { } passive ? new PassiveHealthSpec(passive) : null;
        var cookie = options.Sticky?.Cookie is { } sticky ? sticky with { Name = sticky.Name ?? StickyCookie.DefaultName(name) } : null;

        // The values as the actors use them, so that the API shows what is served.
        Options = options with
        {
            Servers = options.Servers.IsDefault ? [] : [.. options.Servers.Select(s => s with { Url = s.Url!.TrimEnd('/') })],
            HealthCheck = HealthCheck?.Options,
            PassiveHealthCheck = PassiveHealth?.Options,
            Sticky = cookie is null ? null : new StickyConfig(cookie),
            // Always in force, so always shown, as Traefik's API shows it.
            ResponseForwarding = options.ResponseForwarding ?? SchemaValidation.Resolve(ResponseForwardingConfig.Schema, ResponseForwardingConfig.Empty),
        };
        FlushInterval = options.ResponseForwarding is { } forwarding
            ? Duration.CheckedSigned(forwarding.FlushInterval)
            : ResponseForwardingConfig.DefaultFlushIntervalValue;
        Servers = [.. Options.Servers.Select(s => new ServerDefinition(s.Url!, new Uri(s.Url!, UriKind.Absolute), s.Weight!.Value, s.Draining, s.Source))];
        Sticky = cookie is null ? null : new StickyCookie(cookie, Servers.Select(s => s.Url));
    }

    public string Name { get; }

    public string Provider { get; }

    public bool IsInternal { get; }

    /// <summary>Set on a weighted, mirroring or failover service, which the configuration actor serves without a service actor.</summary>
    public Composite.CompositeDefinition? Composite { get; }

    /// <summary>A service over services as checked, defaults filled in: what the API shows.</summary>
    public ServiceConfig? CompositeConfig { get; }

    /// <summary>The checked load balancer, defaults filled in and server URLs without their trailing slash.</summary>
    public LoadBalancerConfig Options { get; }

    public ImmutableArray<ServerDefinition> Servers { get; }

    public bool PassHostHeader => Options.PassHostHeader!.Value;

    public LoadBalancingStrategy Strategy => LoadBalancingStrategies.Parse(Options.Strategy);
    /// <summary><c>responseForwarding.flushInterval</c>: negative sends every piece of a body on at once.</summary>
    public TimeSpan FlushInterval { get; }

    /// <summary>The service's middlewares by qualified name, run after the router's on every router that uses it.</summary>
    public ImmutableArray<string> Middlewares { get; init; } = [];

    public HealthCheckSpec? HealthCheck { get; }

    /// <summary>The sticky cookie, its name derived from the service's when none is given; null: no sticky sessions.</summary>
    public StickyCookie? Sticky { get; }

    /// <summary>The servers transport <c>loadBalancer.serversTransport</c> names, resolved; null: the node's default.</summary>
    public ServersTransportSpec? Transport { get; init; }

    public PassiveHealthSpec? PassiveHealth { get; }

    /// <summary>A service the host answers itself; its load balancer is the declared default, with no servers.</summary>
    public static ServiceDefinition Internal(string name) =>
        new(name, "internal", true, SchemaValidation.Resolve(LoadBalancerConfig.Schema, LoadBalancerConfig.Empty));

    // By the declaration, so that a reload which changes nothing is recognised as such, and a field added
    // to the load balancer is compared without a line here.
    public bool Equals(ServiceDefinition? other) =>
        other is not null
        && Name == other.Name && Provider == other.Provider && IsInternal == other.IsInternal
        && Middlewares.SequenceEqual(other.Middlewares)
        && Equals(Transport, other.Transport)
        && SchemaEquality.Same(LoadBalancerConfig.Schema, Options, other.Options)
        && SchemaEquality.Same(ServiceConfig.Schema, CompositeConfig, other.CompositeConfig);

    public override int GetHashCode() => HashCode.Combine(Name, Provider, Servers.Length);
}
