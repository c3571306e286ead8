using System.Collections.Immutable;
using Proxy.Actors.Model.Config;

namespace Proxy.Actors.Configuration;

/// <summary>
/// Whether two contributors declare the same object. The contract records hold immutable collections,
/// whose equality is by reference, so record equality alone would call equal declarations different.
/// </summary>
public static class ConfigEquality
{
    public static bool SameRouter(RouterConfig a, RouterConfig b) =>
        a.Rule == b.Rule && a.Service == b.Service && a.Priority == b.Priority
        && Same(a.EntryPoints, b.EntryPoints) && Same(a.Middlewares, b.Middlewares);

    public static bool SameMiddleware(MiddlewareConfig a, MiddlewareConfig b) =>
        a.Retry == b.Retry
        && a.AddPrefix == b.AddPrefix
        && Same(a.StripPrefix?.Prefixes, b.StripPrefix?.Prefixes) && (a.StripPrefix is null) == (b.StripPrefix is null)
        && Same(a.Headers?.CustomRequestHeaders, b.Headers?.CustomRequestHeaders)
        && Same(a.Headers?.CustomResponseHeaders, b.Headers?.CustomResponseHeaders)
        && (a.Headers is null) == (b.Headers is null)
        && Same(a.UnknownTypes, b.UnknownTypes);

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

    private static bool SameHealthCheck(HealthCheckConfig? a, HealthCheckConfig? b) =>
        a is null || b is null
            ? a is null && b is null
            : a with { Headers = HealthCheckConfig.Default.Headers } == b with { Headers = HealthCheckConfig.Default.Headers }
              && Same(a.Headers, b.Headers);

    private static bool Same(ImmutableArray<string>? a, ImmutableArray<string>? b) =>
        Items(a).SequenceEqual(Items(b), StringComparer.Ordinal);

    private static bool Same(ImmutableSortedDictionary<string, string>? a, ImmutableSortedDictionary<string, string>? b) =>
        (a?.Count ?? 0) == (b?.Count ?? 0)
        && (a is null || a.All(entry => b is not null && b.TryGetValue(entry.Key, out var value) && value == entry.Value));

    private static ImmutableArray<string> Items(ImmutableArray<string>? items) =>
        items is { IsDefault: false } present ? present : [];
}
