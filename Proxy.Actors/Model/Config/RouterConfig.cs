using System.Collections.Immutable;
using Proxy.Actors.Configuration.Schema;

namespace Proxy.Actors.Model.Config;

/// <summary>A router as written by a provider: a rule, where it listens, and where it sends.</summary>
public sealed record RouterConfig(
    string? Rule,
    ImmutableArray<string> EntryPoints,
    ImmutableArray<string> Middlewares,
    string? Service,
    int? Priority,
    RouterTlsConfig? Tls = null)
{
    public static RouterConfig Empty { get; } = new(null, [], [], null, null);

    /// <remarks>
    /// The rule is compiled and the entry points are checked against the node's by the router validator:
    /// both need more than the value (the rule compiler, the static configuration).
    /// </remarks>
    public static RecordSchema<RouterConfig> Schema { get; } = new SchemaBuilder<RouterConfig>(Empty)
        .String("rule", c => c.Rule, (c, v) => c with { Rule = v }, required: "is required")
        .StringList("entryPoints", c => c.EntryPoints, (c, v) => c with { EntryPoints = v })
        .StringList("middlewares", c => c.Middlewares, (c, v) => c with { Middlewares = v })
        .String("service", c => c.Service, (c, v) => c with { Service = v }, required: "is required")
        .Int("priority", c => c.Priority, (c, v) => c with { Priority = v })
        .Object("tls", c => c.Tls, (c, v) => c with { Tls = v }, RouterTlsConfig.Schema, nothingMeansEmpty: true, @switch: true)
        .NotSupported("observability", "router field 'observability' is not supported")
        .NotSupported("ruleSyntax", "router field 'ruleSyntax' is not supported")
        .Build();
}
