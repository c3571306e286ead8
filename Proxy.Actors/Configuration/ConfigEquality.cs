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

    /// <summary>The settings of two load balancers that differ, ignoring their servers (which containers add up).</summary>
    public static IReadOnlyList<string> LoadBalancerDifferences(LoadBalancerConfig a, LoadBalancerConfig b)
    {
        var differences = new List<string>();
        if (a.PassHostHeader != b.PassHostHeader)
        {
            differences.Add("passhostheader");
        }

        if (!SameHealthCheck(a.HealthCheck, b.HealthCheck))
        {
            differences.Add("healthcheck");
        }

        if (a.PassiveHealthCheck != b.PassiveHealthCheck)
        {
            differences.Add("passivehealthcheck");
        }

        return differences;
    }

    private static bool SameHealthCheck(HealthCheckConfig? a, HealthCheckConfig? b) => SchemaEquality.Same(HealthCheckConfig.Schema, a, b);
}
