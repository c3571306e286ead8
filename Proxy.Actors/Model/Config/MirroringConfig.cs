using System.Collections.Immutable;
using Proxy.Actors.Configuration.Schema;

namespace Proxy.Actors.Model.Config;

/// <summary>
/// Traefik's mirroring: <see cref="Service"/> answers the client; each mirror gets a copy of its share of the
/// requests, whose answer is thrown away. A request whose body is over <see cref="MaxBodySize"/> bytes (-1: no
/// limit) is not mirrored; with <see cref="MirrorBody"/> false the copies go without the body.
/// </summary>
public sealed record MirroringConfig(
    string? Service,
    ImmutableArray<MirrorConfig> Mirrors,
    long? MaxBodySize,
    bool? MirrorBody,
    ServiceHealthCheckConfig? HealthCheck)
{
    public static MirroringConfig Empty { get; } = new(null, [], null, null, null);

    public static RecordSchema<MirroringConfig> Schema { get; } = new SchemaBuilder<MirroringConfig>(Empty)
        .String("service", c => c.Service, (c, v) => c with { Service = v }, required: "is required")
        .ObjectList("mirrors", c => c.Mirrors, (c, v) => c with { Mirrors = v }, MirrorConfig.Schema)
        .Long("maxBodySize", c => c.MaxBodySize, (c, v) => c with { MaxBodySize = v }, check: Checks.AtLeastLong(-1), @default: -1)
        .Bool("mirrorBody", c => c.MirrorBody, (c, v) => c with { MirrorBody = v }, @default: true)
        .Object("healthCheck", c => c.HealthCheck, (c, v) => c with { HealthCheck = v }, ServiceHealthCheckConfig.Schema, nothingMeansEmpty: true)
        .Build();
}
