using System.Collections.Immutable;
using Proxy.Actors.Configuration.Schema;
using Proxy.Actors.Model.Config;
using Proxy.Actors.Routing.Rules;

namespace Proxy.Actors.Model;

/// <summary>
/// A validated router: compiled rule, resolved entry points, middlewares and service names, and the
/// checked <paramref name="Config"/> they were derived from.
/// </summary>
/// <remarks>
/// Equal when the name, provider and declaration are: everything else is derived from those (and
/// from the static entry points, which do not change while the node runs). Comparing through
/// <see cref="RouterConfig.Schema"/> covers a field as soon as it is declared, so a router whose only
/// change is a new field is still rebuilt; the synthesized equality would compare the immutable
/// arrays and the compiled rule by reference and call every revalidated router changed.
/// </remarks>
public sealed record RouterDefinition(
    string Name,
    string Provider,
    CompiledRule Rule,
    int Priority,
    ImmutableArray<string> EntryPoints,
    ImmutableArray<string> Middlewares,
    string Service,
    RouterConfig Config)
{
    public bool Equals(RouterDefinition? other) =>
        other is not null
        && Name == other.Name
        && Provider == other.Provider
        && SchemaEquality.Same(RouterConfig.Schema, Config, other.Config);

    public override int GetHashCode() => HashCode.Combine(Name, Provider, Rule.Text);
}
