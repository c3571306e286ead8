using Proxy.Actors.Configuration.Schema;
using Proxy.Actors.Model.Config;

namespace Proxy.Actors.Model.Middlewares;

/// <summary>A validated middleware, applied by the host's request path in router order.</summary>
public abstract record MiddlewareSnapshot(string Name)
{
    /// <summary>The Traefik type name shown by the API (<c>retry</c>, <c>stripPrefix</c>, ...).</summary>
    public abstract string Type { get; }

    /// <summary>
    /// The options as checked by their declaration, every default filled in: what the API shows, and
    /// all a type with no snapshot record of its own (<see cref="DeclaredMiddleware"/>) needs. Null only
    /// for a snapshot built outside the validator.
    /// </summary>
    public IMiddlewareConfig? Options { get; init; }

    // By value, options field by field: a reload that revalidates the same middleware must leave the
    // routers using it, and their per-router state, as they are (record equality would compare the
    // options' collections by reference).
    public virtual bool Equals(MiddlewareSnapshot? other) =>
        other is not null && EqualityContract == other.EqualityContract && Name == other.Name && SameOptions(Options, other.Options);

    public override int GetHashCode() => HashCode.Combine(EqualityContract, Name);

    private static bool SameOptions(IMiddlewareConfig? a, IMiddlewareConfig? b) =>
        a is null || b is null
            ? a is null && b is null
            : a.GetType() == b.GetType() && SchemaEquality.Same(MiddlewareTypes.Of(a).Schema, a, b);
}
