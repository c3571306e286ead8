using System.Collections.Immutable;
using Proxy.Actors.Model.Config;

namespace Proxy.Actors.Model.Composite;

/// <summary>
/// A validated service over services (Traefik's weighted, mirroring and failover), its children by qualified
/// name. <see cref="PropagatesHealth"/> is Traefik's <c>healthCheck: {}</c>: whether a parent hears that this
/// service is down.
/// </summary>
public abstract record CompositeDefinition(bool PropagatesHealth)
{
    /// <summary>The kind as written (<c>weighted</c>), for errors.</summary>
    public abstract string Kind { get; }

    /// <summary>Every service this one names, each with the field that names it (<c>weighted.services[1].name</c>), for the reference checks.</summary>
    public abstract IEnumerable<(string Field, string Service)> References { get; }

    /// <summary>The composite of a checked <paramref name="config"/> whose defaults are filled in; names qualified by <paramref name="provider"/>.</summary>
    public static CompositeDefinition? From(ServiceConfig config, string provider) => config switch
    {
        { Weighted: { } weighted } => new WeightedDefinition(
            [.. weighted.Services.Select(s => new WeightedChild(Qualify(s.Name!, provider), s.Weight!.Value))],
            weighted.HealthCheck is not null)
        {
            Cookie = weighted.Sticky?.Cookie,
        },
        { Failover: { } failover } => new FailoverDefinition(
            Qualify(failover.Service!, provider), Qualify(failover.Fallback!, provider), failover.HealthCheck is not null),
        { Mirroring: { } mirroring } => new MirroringDefinition(
            Qualify(mirroring.Service!, provider),
            [.. (mirroring.Mirrors.IsDefault ? [] : mirroring.Mirrors).Select(m => new MirrorTarget(Qualify(m.Name!, provider), m.Percent!.Value))],
            mirroring.MaxBodySize!.Value,
            mirroring.MirrorBody!.Value,
            mirroring.HealthCheck is not null),
        _ => null,
    };

    private static string Qualify(string name, string provider) => Configuration.Validation.QualifiedName.Of(name, provider);
}

/// <summary>A child of a weighted service and its share (0: it takes nothing).</summary>
public sealed record WeightedChild(string Service, int Weight);

/// <summary>Traefik's weighted round robin over services.</summary>
public sealed record WeightedDefinition(ImmutableArray<WeightedChild> Children, bool PropagatesHealth) : CompositeDefinition(PropagatesHealth)
{
    public override string Kind => "weighted";

    /// <summary>The service's own sticky cookie, defaults and name filled in; null: each request is split by the weights.</summary>
    public StickyCookieConfig? Cookie { get; init; }

    public override IEnumerable<(string Field, string Service)> References =>
        Children.Select((child, i) => ($"weighted.services[{i}].name", child.Service));
}

/// <summary>Traefik's failover: <see cref="Service"/> while it has a server up, else <see cref="Fallback"/>.</summary>
public sealed record FailoverDefinition(string Service, string Fallback, bool PropagatesHealth) : CompositeDefinition(PropagatesHealth)
{
    public override string Kind => "failover";

    public override IEnumerable<(string Field, string Service)> References => [("failover.service", Service), ("failover.fallback", Fallback)];
}

/// <summary>A mirror: a service that gets a copy of <see cref="Percent"/> % of the requests.</summary>
public sealed record MirrorTarget(string Service, int Percent);

/// <summary>Traefik's mirroring: <see cref="Service"/> answers, the mirrors get copies. <see cref="MaxBodySize"/> -1: no limit.</summary>
public sealed record MirroringDefinition(string Service, ImmutableArray<MirrorTarget> Mirrors, long MaxBodySize, bool MirrorBody, bool PropagatesHealth)
    : CompositeDefinition(PropagatesHealth)
{
    public override string Kind => "mirroring";

    public override IEnumerable<(string Field, string Service)> References =>
        new[] { ("mirroring.service", Service) }.Concat(Mirrors.Select((m, i) => ($"mirroring.mirrors[{i}].name", m.Service)));
}
