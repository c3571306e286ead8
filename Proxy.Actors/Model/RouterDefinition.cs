using System.Collections.Immutable;
using Proxy.Actors.Routing.Rules;

namespace Proxy.Actors.Model;

/// <summary>A validated router: compiled rule, resolved entry points, middlewares and service names.</summary>
public sealed record RouterDefinition(
    string Name,
    string Provider,
    CompiledRule Rule,
    int Priority,
    ImmutableArray<string> EntryPoints,
    ImmutableArray<string> Middlewares,
    string Service);
