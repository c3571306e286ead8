using System.Collections.Immutable;

namespace Proxy.Actors.Model.Config;

/// <summary>A router as written by a provider: a rule, where it listens, and where it sends.</summary>
public sealed record RouterConfig(
    string? Rule,
    ImmutableArray<string> EntryPoints,
    ImmutableArray<string> Middlewares,
    string? Service,
    int? Priority);
