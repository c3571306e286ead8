using Proxy.Actors.Configuration.Schema;
using Proxy.Actors.Model.Config;

namespace Proxy.Actors.Configuration;

/// <summary>
/// Whether two contributors declare the same object. The contract records hold immutable collections,
/// whose equality is by reference, so record equality alone would call equal declarations different.
/// </summary>
public static class ConfigEquality
{
    public static bool SameRouter(RouterConfig a, RouterConfig b) => SchemaEquality.Same(RouterConfig.Schema, a, b);

    public static bool SameMiddleware(MiddlewareConfig a, MiddlewareConfig b) => SchemaEquality.Same(MiddlewareConfig.Schema, a, b);

    /// <summary>
    /// The settings of two load balancers that differ, ignoring their servers (which containers add up),
    /// named as labels write them (<c>passhostheader</c>, <c>healthcheck</c>).
    /// </summary>
    public static IReadOnlyList<string> LoadBalancerDifferences(LoadBalancerConfig a, LoadBalancerConfig b) =>
        [.. LoadBalancerConfig.Schema.Fields
            .Where(field => field.Kind != FieldKind.ObjectList && !SchemaEquality.SameField(field, a, b))
            .Select(field => field.Name.ToLowerInvariant())];
}
