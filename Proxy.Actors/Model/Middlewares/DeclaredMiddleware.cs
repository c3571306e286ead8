namespace Proxy.Actors.Model.Middlewares;

/// <summary>
/// A validated middleware of a type that needs nothing beyond its declared options: its handler reads
/// <see cref="MiddlewareSnapshot.Options"/>, the record checked and with its defaults filled in, so a new
/// type needs no snapshot record of its own.
/// </summary>
public sealed record DeclaredMiddleware(string Name, string TypeName) : MiddlewareSnapshot(Name)
{
    public override string Type => TypeName;
}
