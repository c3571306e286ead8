using Proxy.Actors.Model;
using Proxy.Actors.Model.Composite;
using Proxy.Actors.Model.Views;

namespace Proxy.Actors.Configuration.Validation;

/// <summary>
/// A weighted, mirroring or failover service names other services, which only exist once every provider's
/// services are known. One that names a missing, disabled or internal service, or that is part of a cycle
/// (a -> b -> a, a -> a), or a weighted service whose cookie has the name of a cookie read below it, is disabled
/// with that error, and so in turn is whatever names it; the rest serves.
/// </summary>
internal static class CompositeReferences
{
    /// <summary>
    /// The most services over services one request may pass through before a load balancer. Far beyond any real
    /// split; it bounds the walks over the graph (here, in building the snapshots, per request), which a file of
    /// a chain 100,000 long would otherwise take as deep as the stack goes.
    /// </summary>
    public const int MaxDepth = 16;

    public static void DisableBroken(
        IDictionary<string, ServiceDefinition> services,
        IDictionary<string, ServiceView> views,
        Func<string, string> missing)
    {
        DisableTooDeep(services, views);

        // Disabling one may break another that names it: until nothing more is disabled.
        var changed = true;
        while (changed)
        {
            changed = false;
            foreach (var (name, definition) in services.Where(s => s.Value.Composite is not null).ToList())
            {
                var problems = definition.Composite!.References
                    .Select(reference => (reference.Field, Message: Problem(reference.Service, definition.Composite.Kind, services, views, missing)))
                    .Where(problem => problem.Message is not null)
                    .ToList();
                if (problems.Count == 0 && CookieClash(name, definition.Composite, services) is { } clash)
                {
                    problems.Add(("weighted.sticky.cookie.name", clash));
                }

                if (problems.Count > 0)
                {
                    Disable(name, problems!, services, views);
                    changed = true;
                }
            }

            if (!changed && FindCycle(services) is { } cycle)
            {
                var path = string.Join(" -> ", cycle.Append(cycle[0]));
                foreach (var member in cycle)
                {
                    var field = services[member].Composite!.References.First(r => r.Service == cycle[(cycle.IndexOf(member) + 1) % cycle.Count]).Field;
                    Disable(member, [(field, $"services form a cycle: {path}")], services, views);
                }

                changed = true;
            }
        }
    }

    private static string? Problem(
        string child, string kind, IDictionary<string, ServiceDefinition> services, IDictionary<string, ServiceView> views, Func<string, string> missing) =>
        services.TryGetValue(child, out var target)
            ? target.IsInternal ? $"service '{child}' is answered by the node itself: a {kind} service can only name services that forward" : null
            : views.ContainsKey(child) ? $"service '{child}' has errors and is disabled" : missing(child);

    /// <summary>
    /// Disables each service over services from which a chain of more than <see cref="MaxDepth"/> of them starts.
    /// Walked with a stack of its own, not by recursion, since the chain may be as long as the file; a reference
    /// back into the chain being walked (a cycle) counts nothing here, the cycle check names it.
    /// </summary>
    private static void DisableTooDeep(IDictionary<string, ServiceDefinition> services, IDictionary<string, ServiceView> views)
    {
        var depths = new Dictionary<string, (int Depth, string Field, string Child)>(StringComparer.Ordinal);
        var walking = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (start, _) in services.Where(s => s.Value.Composite is not null).OrderBy(s => s.Key, StringComparer.Ordinal))
        {
            if (depths.ContainsKey(start))
            {
                continue;
            }

            var stack = new Stack<(string Name, IEnumerator<(string Field, string Service)> References)>();
            stack.Push((start, services[start].Composite!.References.GetEnumerator()));
            walking.Add(start);
            while (stack.Count > 0)
            {
                var (name, references) = stack.Peek();
                if (references.MoveNext())
                {
                    var child = references.Current.Service;
                    if (!depths.ContainsKey(child) && services.TryGetValue(child, out var definition) && definition.Composite is not null && walking.Add(child))
                    {
                        stack.Push((child, definition.Composite.References.GetEnumerator()));
                    }

                    continue;
                }

                stack.Pop();
                walking.Remove(name);
                var deepest = (Depth: 1, Field: "", Child: "");
                foreach (var (field, child) in services[name].Composite!.References)
                {
                    if (depths.TryGetValue(child, out var below) && below.Depth + 1 > deepest.Depth)
                    {
                        deepest = (below.Depth + 1, field, child);
                    }
                }

                depths[name] = deepest;
            }
        }

        foreach (var (name, (depth, field, child)) in depths.Where(d => d.Value.Depth > MaxDepth).OrderBy(d => d.Key, StringComparer.Ordinal))
        {
            Disable(name, [(field, $"services over services nest {depth} deep from here (through '{child}'), more than the {MaxDepth} allowed")], services, views);
        }
    }

    /// <summary>
    /// A weighted service's cookie that has the name of a cookie read further down its requests' way (a load balancer's,
    /// a nested weighted service's): each would take the other's value as forged and rewrite it on every answer, so
    /// neither would keep a client anywhere. Mirrors are not on the way: they read no cookie.
    /// </summary>
    private static string? CookieClash(string name, CompositeDefinition composite, IDictionary<string, ServiceDefinition> services)
    {
        if (composite is not WeightedDefinition { Cookie.Name: { } cookie } weighted)
        {
            return null;
        }

        var seen = new HashSet<string>(StringComparer.Ordinal) { name };
        var pending = new Stack<string>(weighted.Children.Select(c => c.Service));
        while (pending.TryPop(out var next))
        {
            if (!seen.Add(next) || !services.TryGetValue(next, out var below))
            {
                continue;
            }

            var reads = below.Composite is WeightedDefinition nested ? nested.Cookie?.Name : below.Sticky?.Name;
            if (reads == cookie)
            {
                return $"cookie '{cookie}' is also the sticky cookie of service '{next}', which this service sends requests to: give the two different names";
            }

            IEnumerable<string> onTheWay = below.Composite switch
            {
                WeightedDefinition nestedWeighted => nestedWeighted.Children.Select(c => c.Service),
                FailoverDefinition failover => [failover.Service, failover.Fallback],
                MirroringDefinition mirroring => [mirroring.Service],
                _ => [],
            };
            foreach (var service in onTheWay)
            {
                pending.Push(service);
            }
        }

        return null;
    }

    /// <summary>The members of one cycle among the services over services, in the order they name each other, or null.</summary>
    private static List<string>? FindCycle(IDictionary<string, ServiceDefinition> services)
    {
        var done = new HashSet<string>(StringComparer.Ordinal);
        foreach (var start in services.Keys.Where(n => services[n].Composite is not null).Order(StringComparer.Ordinal))
        {
            var path = new List<string>();
            if (Visit(start, path) is { } cycle)
            {
                return cycle;
            }
        }

        return null;

        List<string>? Visit(string name, List<string> path)
        {
            var at = path.IndexOf(name);
            if (at >= 0)
            {
                return path[at..];
            }

            if (done.Contains(name) || !services.TryGetValue(name, out var definition) || definition.Composite is null)
            {
                return null;
            }

            path.Add(name);
            foreach (var (_, child) in definition.Composite.References)
            {
                if (Visit(child, path) is { } cycle)
                {
                    return cycle;
                }
            }

            path.RemoveAt(path.Count - 1);
            done.Add(name);
            return null;
        }
    }

    private static void Disable(
        string name, IReadOnlyList<(string Field, string Message)> problems, IDictionary<string, ServiceDefinition> services, IDictionary<string, ServiceView> views)
    {
        var view = views[name];
        var localName = name[..name.LastIndexOf('@')];
        var source = view.Errors.IsEmpty ? view.Provider : view.Errors[0].Source;
        services.Remove(name);
        views[name] = view with
        {
            Serving = null,
            Status = ObjectStatus.Disabled,
            Errors = view.Errors.AddRange(problems.Select(p => new ConfigError(source, $"http.services.{localName}.{p.Field}", p.Message))),
        };
    }
}
