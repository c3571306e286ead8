using System.Collections.Immutable;
using Proxy.Actors.Model;
using Proxy.Actors.Model.Middlewares;

namespace Proxy.Actors.Routing;

/// <summary>
/// What a router actor is told: the router's validated definition and the definitions of its
/// middlewares, in the router's order. Two equal specs give the same router, so its actor is not
/// told again and keeps its chain and counters.
/// </summary>
/// <remarks>
/// Equality is the definition's (by its declaration, see <see cref="RouterDefinition"/>) and the
/// middleware definitions' (by value, see <see cref="MiddlewareSnapshot"/>); the synthesized one
/// would compare the array of middlewares by reference.
/// </remarks>
public sealed record RouterSpec(RouterDefinition Definition, ImmutableArray<MiddlewareSnapshot> Middlewares)
{
    public string Name => Definition.Name;

    public bool Equals(RouterSpec? other) =>
        other is not null && Definition.Equals(other.Definition) && Middlewares.SequenceEqual(other.Middlewares);

    public override int GetHashCode() => Definition.GetHashCode();
}
