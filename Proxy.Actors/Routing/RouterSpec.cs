using System.Collections.Immutable;
using Proxy.Actors.Model;
using Proxy.Actors.Model.Middlewares;

namespace Proxy.Actors.Routing;

/// <summary>
/// What a router actor is told: the router's validated definition and the definitions of its
/// middlewares, in the router's order. Two specs that are <see cref="SameAs"/> each other give the
/// same router, so its actor keeps its chain and counters.
/// </summary>
public sealed record RouterSpec(RouterDefinition Definition, ImmutableArray<MiddlewareSnapshot> Middlewares)
{
    public string Name => Definition.Name;

    /// <summary>
    /// Compared field by field: the definition's collections are immutable arrays, whose equality is
    /// by reference, and each validation compiles the rule anew. Middleware definitions compare as values.
    /// </summary>
    public bool SameAs(RouterSpec other)
    {
        var a = Definition;
        var b = other.Definition;
        return a.Name == b.Name
            && a.Provider == b.Provider
            && a.Rule.Text == b.Rule.Text
            && a.Priority == b.Priority
            && a.Service == b.Service
            && a.EntryPoints.SequenceEqual(b.EntryPoints, StringComparer.Ordinal)
            && a.Middlewares.SequenceEqual(b.Middlewares, StringComparer.Ordinal)
            && Middlewares.SequenceEqual(other.Middlewares);
    }
}
