using System.Collections.Immutable;
using Proxy.Actors.Model;
using Proxy.Actors.Model.Composite;
using Proxy.Actors.Services.LoadBalancing;
using Proxy.Actors.Services.SessionAffinity;

namespace Proxy.Actors.Services.Composite;

/// <summary>
/// Builds the snapshots of the services over services from the load balancers' snapshots, children first, so
/// each holds its children's snapshots themselves. One whose child has no snapshot yet (its service actor has
/// not reported) is left out until the next publish, as a load balancer is.
/// </summary>
public static class CompositeSnapshots
{
    /// <returns>The cursors in use now: those of services gone are dropped, those of a changed definition start over.</returns>
    public static CompositeCursors AddTo(
        ImmutableDictionary<string, ServiceSnapshot>.Builder services,
        IReadOnlyDictionary<string, ServiceDefinition> definitions,
        CompositeCursors previous)
    {
        var cursors = ImmutableDictionary.CreateBuilder<string, LoadBalancerCursor>(StringComparer.Ordinal);
        foreach (var definition in definitions.Values.Where(d => d.Composite is not null))
        {
            Build(definition.Name);
        }

        return new CompositeCursors(cursors.ToImmutable());

        // The validator refused cycles, so this ends; the depth is at most the number of services.
        ServiceSnapshot? Build(string name)
        {
            if (services.TryGetValue(name, out var built))
            {
                return built;
            }

            if (!definitions.TryGetValue(name, out var definition) || definition.Composite is not { } composite)
            {
                return null;
            }

            CompositeSnapshot? snapshot = composite switch
            {
                WeightedDefinition weighted => Weighted(name, weighted),
                FailoverDefinition failover => Build(failover.Service) is { } main && Build(failover.Fallback) is { } fallback
                    ? new FailoverSnapshot(main, fallback, failover.PropagatesHealth)
                    : null,
                MirroringDefinition mirroring => Mirroring(name, mirroring),
                _ => null,
            };
            if (snapshot is null)
            {
                return null;
            }

            var service = new ServiceSnapshot(name, false, [], [], true, Cursor(name, "service")) { Composite = snapshot };
            services[name] = service;
            return service;
        }

        WeightedSnapshot? Weighted(string name, WeightedDefinition weighted)
        {
            var taking = weighted.Children.Where(c => c.Weight > 0).ToList();
            var children = taking.Select(c => Build(c.Service)).ToList();
            if (children.Any(c => c is null))
            {
                return null;
            }

            ImmutableArray<ServiceSnapshot> built = [.. children!];
            return new WeightedSnapshot(
                built, WeightedRoundRobinPolicy.Schedule(taking.Select(c => c.Weight).ToList()), Cursor(name, "weighted"), weighted.PropagatesHealth)
            {
                Sticky = weighted.Cookie is { } cookie ? new StickyChildren(new StickyCookie(cookie, built.Select(c => c.Name)), built) : null,
            };
        }

        MirroringSnapshot? Mirroring(string name, MirroringDefinition mirroring)
        {
            var main = Build(mirroring.Service);
            var mirrors = mirroring.Mirrors.Select((m, i) => Build(m.Service) is { } mirror
                ? new MirrorSnapshot(mirror, m.Percent, Cursor(name, $"mirror {i} {m.Service} {m.Percent}"))
                : null).ToList();
            return main is null || mirrors.Any(m => m is null)
                ? null
                : new MirroringSnapshot(main, [.. mirrors!], mirroring.MaxBodySize, mirroring.MirrorBody, mirroring.PropagatesHealth);
        }

        LoadBalancerCursor Cursor(string name, string part)
        {
            var key = $"{name}/{part}";
            if (!cursors.TryGetValue(key, out var cursor))
            {
                cursor = previous.ByKey.TryGetValue(key, out var kept) ? kept : new LoadBalancerCursor();
                cursors[key] = cursor;
            }

            return cursor;
        }
    }
}
