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
    public Config.IMiddlewareConfig? Options { get; init; }
}
