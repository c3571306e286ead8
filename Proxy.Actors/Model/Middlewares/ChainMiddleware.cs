using System.Collections.Immutable;

namespace Proxy.Actors.Model.Middlewares;

/// <summary>
/// A validated chain: its members by qualified name (a name without '@' is the chain's provider's). It never
/// runs itself: a router's middlewares are flattened before its chain of handlers is built
/// (<see cref="Configuration.Validation.MiddlewareReferences.Flatten"/>).
/// </summary>
public sealed record ChainMiddleware(string Name, ImmutableArray<string> Members) : MiddlewareSnapshot(Name)
{
    public override string Type => "chain";
}
