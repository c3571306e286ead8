using System.Collections.Immutable;
using Proxy.Actors.Model;
using Proxy.Actors.Model.Config;

namespace Proxy.Discovery.Docker;

/// <summary>
/// Merges what each container declares into one configuration, as Traefik's provider merge does:
/// a service declared by several containers gets one server from each (the blue/green and replica
/// case); routers and middlewares declared identically by several containers are one object.
/// An object declared differently is left out with an error naming the containers, rather than
/// one declaration silently winning.
/// </summary>
/// <remarks>Names are compared exactly across containers, as in Traefik (case is only folded within one container's labels).</remarks>
internal static class ConfigMerger
{
    public static DynamicConfig Merge(IReadOnlyList<Contribution> contributions, ImmutableArray<ConfigError>.Builder errors)
    {
        var empty = DynamicConfig.Empty;
        return new DynamicConfig(
            Section(contributions, c => c.Routers, "router", "routers", RouterDifferences, (first, _) => first, empty.Routers, errors),
            Section(contributions, c => c.Services, "service", "services", ServiceDifferences, AddServers, empty.Services, errors),
            Section(contributions, c => c.Middlewares, "middleware", "middlewares", MiddlewareDifferences, (first, _) => first, empty.Middlewares, errors));
    }

    private static ImmutableSortedDictionary<string, T> Section<T>(
        IReadOnlyList<Contribution> contributions,
        Func<DynamicConfig, ImmutableSortedDictionary<string, T>> select,
        string kind,
        string section,
        Func<T, T, IReadOnlyList<string>> differences,
        Func<T, T, T> combine,
        ImmutableSortedDictionary<string, T> empty,
        ImmutableArray<ConfigError>.Builder errors)
        where T : class
    {
        var declarations = new SortedDictionary<string, List<(ContainerInfo Container, T Value)>>(StringComparer.Ordinal);
        foreach (var contribution in contributions)
        {
            foreach (var (name, value) in select(contribution.Config))
            {
                if (!declarations.TryGetValue(name, out var list))
                {
                    list = [];
                    declarations[name] = list;
                }

                list.Add((contribution.Container, value));
            }
        }

        var result = empty.ToBuilder();
        foreach (var (name, list) in declarations)
        {
            var first = list[0].Value;
            var merged = first;
            var differing = new SortedSet<string>(StringComparer.Ordinal);
            foreach (var (_, value) in list.Skip(1))
            {
                var found = differences(first, value);
                differing.UnionWith(found);
                merged = found.Count == 0 ? combine(merged, value) : merged;
            }

            if (differing.Count == 0)
            {
                result[name] = merged;
                continue;
            }

            var detail = differing.Count == 1 && differing.Min == "" ? "" : $": {Words(differing.Where(d => d.Length > 0))} {(differing.Count == 1 ? "differs" : "differ")}";
            errors.Add(new ConfigError(
                list[0].Container.Source,
                $"http.{section}.{name}",
                $"{kind} '{name}' is defined differently by containers {Containers(list.Select(d => d.Container))}{detail}; the {kind} is left out"));
        }

        return result.ToImmutable();
    }

    /// <summary>"" stands for "the whole definition": routers and middlewares have no parts worth naming.</summary>
    private static IReadOnlyList<string> RouterDifferences(RouterConfig a, RouterConfig b) =>
        ConfigEquality.SameRouter(a, b) ? [] : [""];

    private static IReadOnlyList<string> MiddlewareDifferences(MiddlewareConfig a, MiddlewareConfig b) =>
        ConfigEquality.SameMiddleware(a, b) ? [] : [""];

    private static IReadOnlyList<string> ServiceDifferences(ServiceConfig a, ServiceConfig b) =>
        ConfigEquality.LoadBalancerDifferences(a.LoadBalancer!, b.LoadBalancer!);

    private static ServiceConfig AddServers(ServiceConfig merged, ServiceConfig other) =>
        new(merged.LoadBalancer! with { Servers = merged.LoadBalancer.Servers.AddRange(other.LoadBalancer!.Servers) });

    /// <summary>Container names, with their host when they are on several (names are only unique per host).</summary>
    private static string Containers(IEnumerable<ContainerInfo> containers)
    {
        var list = containers.ToList();
        var severalHosts = list.Select(c => c.Host).Distinct(StringComparer.Ordinal).Count() > 1;
        return Words(list.Select(c => severalHosts ? $"{c.Host}/{c.Name}" : c.Name).Distinct(StringComparer.Ordinal));
    }

    private static string Words(IEnumerable<string> items)
    {
        var list = items.ToList();
        return list.Count <= 1 ? string.Join("", list) : $"{string.Join(", ", list.Take(list.Count - 1))} and {list[^1]}";
    }
}
