using Proxy.Actors.Model;

namespace Proxy.Actors.Routing;

/// <summary>
/// A router actor's part of the routing snapshot, complete and immutable: the definition the tables
/// file it by (rule, priority, entry points) and the target a match hands to the request path.
/// </summary>
public sealed record PublishedRouter(RouterDefinition Definition, RouteTarget Target);
