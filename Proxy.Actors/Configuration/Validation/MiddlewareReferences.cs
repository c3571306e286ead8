using System.Collections.Immutable;
using Proxy.Actors.Model;
using Proxy.Actors.Model.Middlewares;
using Proxy.Actors.Model.Views;

namespace Proxy.Actors.Configuration.Validation;

/// <summary>
/// Middlewares that name other middlewares (a chain's members): checked once every provider's middlewares are,
/// and flattened into the list a router runs.
/// </summary>
public static class MiddlewareReferences
{
    /// <summary>How deep chains may nest (a chain of chains of ...): deeper is an error on the outermost, not a stack overflow.</summary>
    public const int MaxChainDepth = 16;

    /// <summary>
    /// How many middlewares one chain, or one router's list, may unfold into. Chains that share members
    /// multiply: 8 members each, 8 deep, is 16 million handlers, built on every node of the cluster.
    /// </summary>
    public const int MaxFlattenedMiddlewares = 64;

    /// <summary>
    /// Takes out of <paramref name="middlewares"/> every chain that cannot run, with the error on its view: a member
    /// that does not exist or has errors, a chain that contains itself, nesting deeper than <see cref="MaxChainDepth"/>.
    /// A chain whose member chain is taken out goes too, so the loop runs until nothing changes.
    /// </summary>
    internal static void CheckChains(
        IDictionary<string, MiddlewareSnapshot> middlewares,
        IDictionary<string, MiddlewareView> views,
        Func<string, string> missing)
    {
        bool changed;
        do
        {
            changed = false;
            // Per pass: what a pass learnt of a chain holds until one is taken out.
            var heights = new Dictionary<string, int>(StringComparer.Ordinal);
            var lengths = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var chain in middlewares.Values.OfType<ChainMiddleware>().ToList())
            {
                if (Problem(chain, middlewares, views, missing, heights, lengths) is not { } problem)
                {
                    continue;
                }

                middlewares.Remove(chain.Name);
                var view = views[chain.Name];
                var local = chain.Name[..chain.Name.LastIndexOf('@')];
                var error = new ConfigError(view.Errors.IsEmpty ? view.Provider : view.Errors[0].Source, $"http.middlewares.{local}.chain.middlewares", problem);
                views[chain.Name] = view with { Serving = null, Status = ObjectStatus.Disabled, Errors = view.Errors.Add(error) };
                changed = true;
            }
        }
        while (changed);
    }

    /// <summary>Takes out of <paramref name="services"/> every service whose middlewares do not all exist and serve, with the error on its view.</summary>
    internal static void CheckServices(
        IDictionary<string, ServiceDefinition> services,
        IDictionary<string, ServiceView> views,
        IDictionary<string, MiddlewareSnapshot> middlewares,
        IDictionary<string, MiddlewareView> middlewareViews,
        Func<string, string> missing)
    {
        foreach (var service in services.Values.Where(s => !s.Middlewares.IsEmpty).ToList())
        {
            var absent = service.Middlewares.FirstOrDefault(m => !middlewares.ContainsKey(m));
            if (absent is null)
            {
                continue;
            }

            services.Remove(service.Name);
            var view = views[service.Name];
            var local = service.Name[..service.Name.LastIndexOf('@')];
            var problem = middlewareViews.ContainsKey(absent) ? $"middleware '{absent}' has errors and is disabled" : missing(absent);
            var error = new ConfigError(view.Errors.IsEmpty ? view.Provider : view.Errors[0].Source, $"http.services.{local}.middlewares", problem);
            views[service.Name] = view with { Serving = null, Status = ObjectStatus.Disabled, Errors = view.Errors.Add(error) };
        }
    }

    /// <summary>
    /// How many middlewares <paramref name="names"/> unfold into, chains replaced by their members, counted up
    /// to one more than <see cref="MaxFlattenedMiddlewares"/>; every chain among them must have passed
    /// <see cref="CheckChains"/> (no loop).
    /// </summary>
    public static int FlattenedLength(IEnumerable<string> names, IReadOnlyDictionary<string, MiddlewareSnapshot> middlewares)
    {
        var lengths = new Dictionary<string, int>(StringComparer.Ordinal);
        var total = 0;
        foreach (var name in names)
        {
            total = Math.Min(MaxFlattenedMiddlewares + 1, total + (middlewares.TryGetValue(name, out var middleware) ? Length(middleware, member => middlewares.TryGetValue(member, out var found) ? found : null, lengths) : 1));
        }

        return total;
    }

    /// <summary>The middlewares <paramref name="names"/> run, chains replaced by their members, in order.</summary>
    public static ImmutableArray<MiddlewareSnapshot> Flatten(IEnumerable<string> names, IReadOnlyDictionary<string, MiddlewareSnapshot> middlewares)
    {
        var result = ImmutableArray.CreateBuilder<MiddlewareSnapshot>();
        foreach (var name in names)
        {
            Add(middlewares[name], middlewares, result);
        }

        return result.ToImmutable();
    }

    private static void Add(MiddlewareSnapshot middleware, IReadOnlyDictionary<string, MiddlewareSnapshot> middlewares, ImmutableArray<MiddlewareSnapshot>.Builder result)
    {
        if (middleware is ChainMiddleware chain)
        {
            foreach (var member in chain.Members)
            {
                Add(middlewares[member], middlewares, result);
            }
        }
        else
        {
            result.Add(middleware);
        }
    }

    private static string? Problem(
        ChainMiddleware chain,
        IDictionary<string, MiddlewareSnapshot> middlewares,
        IDictionary<string, MiddlewareView> views,
        Func<string, string> missing,
        Dictionary<string, int> heights,
        Dictionary<string, int> lengths)
    {
        foreach (var member in chain.Members)
        {
            if (!middlewares.ContainsKey(member))
            {
                return views.ContainsKey(member) ? $"middleware '{member}' has errors and is disabled" : missing(member);
            }
        }

        if (Loop(chain, middlewares, [chain.Name], heights) is { } loop)
        {
            return loop;
        }

        // No loop below it: the count ends, and memoised it costs one visit per chain.
        var length = Length(chain, name => middlewares.TryGetValue(name, out var found) ? found : null, lengths);
        return length > MaxFlattenedMiddlewares
            ? $"chain unfolds into more than {MaxFlattenedMiddlewares} middlewares (chains replaced by their members), the most one chain or router may run"
            : null;
    }

    /// <summary>
    /// A member path that comes back to a chain on it, or nests too deep; null when the chain unfolds, and then
    /// its height (how deep chains nest below it) is in <paramref name="heights"/>, so a chain many others
    /// share is walked once, not once per path to it.
    /// </summary>
    private static string? Loop(ChainMiddleware chain, IDictionary<string, MiddlewareSnapshot> middlewares, ImmutableList<string> path, Dictionary<string, int> heights)
    {
        if (path.Count > MaxChainDepth)
        {
            return $"chains nest more than {MaxChainDepth} deep ({string.Join(" -> ", path)})";
        }

        var height = 0;
        foreach (var member in chain.Members)
        {
            if (path.Contains(member))
            {
                return $"chain contains itself: {string.Join(" -> ", path.Add(member))}";
            }

            if (!middlewares.TryGetValue(member, out var found) || found is not ChainMiddleware inner)
            {
                continue;
            }

            if (!heights.TryGetValue(member, out var below))
            {
                if (Loop(inner, middlewares, path.Add(member), heights) is { } problem)
                {
                    return problem;
                }

                below = heights[member];
            }
            else if (path.Count + 1 + below > MaxChainDepth)
            {
                return $"chains nest more than {MaxChainDepth} deep ({string.Join(" -> ", path.Add(member))} -> ...)";
            }

            height = Math.Max(height, below + 1);
        }

        heights[chain.Name] = height;
        return null;
    }

    /// <summary>How many middlewares <paramref name="middleware"/> unfolds into, saturated at one more than the limit; loop-free chains only.</summary>
    private static int Length(MiddlewareSnapshot middleware, Func<string, MiddlewareSnapshot?> find, Dictionary<string, int> lengths)
    {
        if (middleware is not ChainMiddleware chain)
        {
            return 1;
        }

        if (lengths.TryGetValue(chain.Name, out var known))
        {
            return known;
        }

        var length = 0;
        foreach (var member in chain.Members)
        {
            length = Math.Min(MaxFlattenedMiddlewares + 1, length + (find(member) is { } found ? Length(found, find, lengths) : 1));
        }

        lengths[chain.Name] = length;
        return length;
    }
}
