namespace Proxy.Actors.Model.Middlewares;

/// <summary>A validated middleware, applied by the host's request path in router order.</summary>
public abstract record MiddlewareSnapshot(string Name)
{
    /// <summary>The Traefik type name shown by the API (<c>retry</c>, <c>stripPrefix</c>, ...).</summary>
    public abstract string Type { get; }
}
