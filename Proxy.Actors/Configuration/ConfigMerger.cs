using System.Collections.Immutable;
using Proxy.Actors.Configuration.Schema;
using Proxy.Actors.Model;
using Proxy.Actors.Model.Config;

namespace Proxy.Actors.Configuration;

/// <summary>
/// Merges what several contributors declare into one configuration, as Traefik's provider merge
/// does: a service declared by several contributors gets the servers of each (the blue/green and
/// replica case, within one Docker host or across the nodes of a cluster); routers and
/// middlewares declared identically are one object. An object declared differently is left out
/// with an error naming the contributors ("containers", "nodes"), rather than one silently winning.
/// Across nodes (<c>oneServerPerUrl</c>) a server URL declared twice is one server, draining if
/// either says so: two nodes watching one Docker host report the same containers, and the node
/// that saw the stop signal must not wait for the other. Within one provider, two containers may
/// share an address on different hosts' bridge networks and stay two servers, as in Traefik.
/// </summary>
/// <remarks>Names are compared exactly, as in Traefik (case is only folded within one container's labels).</remarks>
public static class ConfigMerger
{
    public static DynamicConfig Merge(
        IReadOnlyList<Contribution> contributions, string contributorKind, ImmutableArray<ConfigError>.Builder errors, bool oneServerPerUrl = false)
    {
        var empty = DynamicConfig.Empty;
        Func<ServiceConfig, ServiceConfig, ServiceConfig> addServers = oneServerPerUrl ? AddServersByUrl : AddServers;
        return new DynamicConfig(
            Section(contributions, contributorKind, c => c.Routers, "router", "routers", RouterDifferences, (first, _) => first, empty.Routers, errors),
            Section(contributions, contributorKind, c => c.Services, "service", "services", ServiceDifferences, addServers, empty.Services, errors),
            Section(contributions, contributorKind, c => c.Middlewares, "middleware", "middlewares", MiddlewareDifferences, (first, _) => first, empty.Middlewares, errors),
            Tls(contributions, contributorKind, errors))
        {
            ServersTransports = Section(
                contributions, contributorKind, c => c.ServersTransports, "servers transport", "serversTransports",
                ServersTransportDifferences, (first, _) => first, empty.ServersTransports, errors),
        };
    }

    /// <summary>
    /// The <c>tls</c> section is one object: contributors that give it must give the same one (the file
    /// provider on each node of a cluster, reading one shared file); one that differs is left out whole.
    /// </summary>
    private static TlsConfig? Tls(IReadOnlyList<Contribution> contributions, string contributorKind, ImmutableArray<ConfigError>.Builder errors)
    {
        var given = contributions.Where(c => c.Config.Tls is not null).ToList();
        if (given.Count == 0)
        {
            return null;
        }

        var first = given[0].Config.Tls!;
        if (given.All(c => SchemaEquality.Same(TlsConfig.Schema, first, c.Config.Tls)))
        {
            return first;
        }

        errors.Add(new ConfigError(
            given[0].Source,
            "tls",
            $"the tls section is defined differently by {contributorKind} {Words(given.Select(c => c.Label).Distinct(StringComparer.Ordinal))}; it is left out"));
        return null;
    }

    private static ImmutableSortedDictionary<string, T> Section<T>(
        IReadOnlyList<Contribution> contributions,
        string contributorKind,
        Func<DynamicConfig, ImmutableSortedDictionary<string, T>> select,
        string kind,
        string section,
        Func<T, T, IReadOnlyList<string>> differences,
        Func<T, T, T> combine,
        ImmutableSortedDictionary<string, T> empty,
        ImmutableArray<ConfigError>.Builder errors)
        where T : class
    {
        var declarations = new SortedDictionary<string, List<(Contribution From, T Value)>>(StringComparer.Ordinal);
        foreach (var contribution in contributions)
        {
            foreach (var (name, value) in select(contribution.Config))
            {
                if (!declarations.TryGetValue(name, out var list))
                {
                    list = [];
                    declarations[name] = list;
                }

                list.Add((contribution, value));
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
                list[0].From.Source,
                $"http.{section}.{name}",
                $"{kind} '{name}' is defined differently by {contributorKind} {Words(list.Select(d => d.From.Label).Distinct(StringComparer.Ordinal))}{detail}; the {kind} is left out"));
        }

        return result.ToImmutable();
    }

    /// <summary>"" stands for "the whole definition": routers and middlewares have no parts worth naming.</summary>
    private static IReadOnlyList<string> RouterDifferences(RouterConfig a, RouterConfig b) =>
        ConfigEquality.SameRouter(a, b) ? [] : [""];

    private static IReadOnlyList<string> MiddlewareDifferences(MiddlewareConfig a, MiddlewareConfig b) =>
        ConfigEquality.SameMiddleware(a, b) ? [] : [""];

    private static IReadOnlyList<string> ServersTransportDifferences(ServersTransportConfig a, ServersTransportConfig b) =>
        SchemaEquality.Same(ServersTransportConfig.Schema, a, b) ? [] : [""];

    /// <summary>A service over services has no servers to add up: declared twice, it must be declared alike.</summary>
    private static IReadOnlyList<string> ServiceDifferences(ServiceConfig a, ServiceConfig b) =>
        a.LoadBalancer is { } first && b.LoadBalancer is { } second
            ? [.. ConfigEquality.LoadBalancerDifferences(first, second), .. BesideTheLoadBalancer(a, b)]
            : SchemaEquality.Same(ServiceConfig.Schema, a, b) ? [] : [""];

    /// <summary>The service's own fields next to its load balancer (its middlewares), which are not added up as servers are.</summary>
    private static IEnumerable<string> BesideTheLoadBalancer(ServiceConfig a, ServiceConfig b) =>
        ServiceConfig.Schema.Fields
            .Where(field => field.Name != "loadBalancer" && !SchemaEquality.SameField(field, a, b))
            .Select(field => field.Name.ToLowerInvariant());

    private static ServiceConfig AddServers(ServiceConfig merged, ServiceConfig other) =>
        merged.LoadBalancer is null
            ? merged
            : new(merged.LoadBalancer with { Servers = merged.LoadBalancer.Servers.AddRange(other.LoadBalancer!.Servers) });

    private static ServiceConfig AddServersByUrl(ServiceConfig merged, ServiceConfig other)
    {
        if (merged.LoadBalancer is null)
        {
            return merged;
        }

        var servers = merged.LoadBalancer!.Servers.ToBuilder();
        foreach (var server in other.LoadBalancer!.Servers)
        {
            var same = -1;
            for (var i = 0; server.Url is not null && i < servers.Count && same < 0; i++)
            {
                same = servers[i].Url == server.Url ? i : -1;
            }

            if (same < 0)
            {
                servers.Add(server);
            }
            else if (server.Draining && !servers[same].Draining)
            {
                servers[same] = servers[same] with { Draining = true };
            }
        }

        return new(merged.LoadBalancer with { Servers = servers.ToImmutable() });
    }

    private static string Words(IEnumerable<string> items)
    {
        var list = items.ToList();
        return list.Count <= 1 ? string.Join("", list) : $"{string.Join(", ", list.Take(list.Count - 1))} and {list[^1]}";
    }
}
