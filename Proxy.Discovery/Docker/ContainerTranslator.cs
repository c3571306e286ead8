using System.Collections.Immutable;
using Proxy.Actors.Configuration;
using Proxy.Actors.Model;
using Proxy.Actors.Model.Config;
using Proxy.Discovery.Labels;

namespace Proxy.Discovery.Docker;

/// <summary>
/// Turns the containers of one or more Docker hosts into dynamic configuration, as Traefik's Docker
/// provider does: a pure function, so the watcher only has to collect containers and report the result.
/// </summary>
public static class ContainerTranslator
{
    public static TranslationResult Translate(IEnumerable<ContainerInfo> containers, DockerProviderOptions options)
    {
        var errors = ImmutableArray.CreateBuilder<ConfigError>();
        var contributions = new List<Contribution>();
        var list = containers as IReadOnlyCollection<ContainerInfo> ?? [.. containers];
        // Container names are only unique per host: name the host too when there are several.
        var severalHosts = list.Select(c => c.Host).Distinct(StringComparer.Ordinal).Count() > 1;

        // A fixed order makes merged servers and errors come out the same for the same containers.
        var ordered = list
            .OrderBy(c => c.Host, StringComparer.Ordinal)
            .ThenBy(c => c.Name, StringComparer.Ordinal)
            .ThenBy(c => c.Id, StringComparer.Ordinal);
        foreach (var container in ordered)
        {
            if (TranslateOne(container, options, errors) is { } config)
            {
                contributions.Add(new Contribution(container.Source, severalHosts ? $"{container.Host}/{container.Name}" : container.Name, config));
            }
        }

        var merged = ConfigMerger.Merge(contributions, "containers", errors);
        return new TranslationResult(merged, errors.ToImmutable());
    }

    /// <summary>One container's configuration, or null when it has none (skipped, or left out with errors).</summary>
    private static DynamicConfig? TranslateOne(ContainerInfo container, DockerProviderOptions options, ImmutableArray<ConfigError>.Builder errors)
    {
        // Paused containers are running in Docker's sense but answer nothing. Only Traefik's allownonrunning
        // keeps the others, so nothing else is parsed (or reported) for a stopped container.
        var running = container.State == ContainerState.Running;
        if (!running && !NonRunningLabel.Allows(container.Labels, options.LabelPrefix))
        {
            return null;
        }

        // A bad label costs its router, service or middleware, which says so; one that belongs to no such
        // object (enable, docker.network) costs the container.
        var parsed = LabelParser.Parse(container.Labels, options.LabelPrefix);
        foreach (var problem in parsed.Problems)
        {
            var consequence = problem.LeavesOutContainer ? "; the container is left out" : "";
            errors.Add(new ConfigError(container.Source, problem.Path, $"container {container.Name}: label {problem.Label}: {problem.Problem}{consequence}"));
        }

        if (parsed.Problems.Any(p => p.LeavesOutContainer))
        {
            return null;
        }

        var labels = parsed.Config;
        if (!(labels.Enable ?? options.ExposedByDefault))
        {
            return null;
        }

        // Traefik's order: enable first, then the constraints, on the container's whole label set.
        if (options.Constraints is { } constraints && !constraints.Matches(container.Labels))
        {
            return null;
        }

        // Traefik leaves out containers whose Docker health check has not passed: routing to them fails.
        // allownonrunning keeps them whatever their state and health, as in Traefik, with no server (503).
        var canServe = running && container.Health is ContainerHealth.None or ContainerHealth.Healthy;
        if (!canServe && !options.AllowEmptyServices && !labels.AllowNonRunning)
        {
            return null;
        }

        var defaultName = DockerNames.DefaultServiceName(container);
        var config = labels.Config;
        // A service left out for a bad label is still the container's: a default one would serve in its place.
        if (config.Services.IsEmpty && !parsed.ServicesLeftOut)
        {
            config = config with { Services = config.Services.Add(defaultName, new ServiceConfig(new LoadBalancerConfig([], null, null, null))) };
        }

        if (!canServe)
        {
            return WithRouters(container, options, config, defaultName, parsed.RoutersLeftOut, errors);
        }

        var services = config.Services;
        var serverErrors = new List<ConfigError>();
        foreach (var (name, service) in config.Services)
        {
            var portLabel = $"{options.LabelPrefix}.http.services.{name}.loadbalancer.server.port";
            var serverLabels = labels.Servers.GetValueOrDefault(name) ?? ServerLabels.None;
            if (ServerAddress.TryCreate(container, options, labels.Network ?? options.Network, serverLabels, portLabel, out var server, out var problem, out var field))
            {
                services = services.SetItem(name, new ServiceConfig(service.LoadBalancer! with { Servers = [server] }));
            }
            else
            {
                serverErrors.Add(new ConfigError(container.Source, $"http.services.{name}.{field}", $"container {container.Name}: service '{name}': {problem}; the container is left out"));
            }
        }

        if (serverErrors.Count > 0)
        {
            errors.AddRange(serverErrors);
            return null;
        }

        return WithRouters(container, options, config with { Services = services }, defaultName, parsed.RoutersLeftOut, errors);
    }

    /// <summary>
    /// Completes routers as Traefik does: a container with no router gets one named like its only
    /// service; a router without a rule gets the default rule; one without a service gets the only service.
    /// A router left out for a bad label still counts: the default router would route where the operator did not mean.
    /// </summary>
    private static DynamicConfig WithRouters(
        ContainerInfo container, DockerProviderOptions options, DynamicConfig config, string defaultName, bool routersLeftOut, ImmutableArray<ConfigError>.Builder errors)
    {
        var serviceNames = config.Services.Keys.ToList();
        var routers = config.Routers;
        if (routers.IsEmpty && !routersLeftOut)
        {
            if (serviceNames.Count == 0)
            {
                // Only when the container's services were left out for bad labels, which their errors say.
                return config;
            }

            if (serviceNames.Count > 1)
            {
                errors.Add(new ConfigError(container.Source, "", $"container {container.Name}: no default router: the container defines {serviceNames.Count} services ({string.Join(", ", serviceNames)}) and no router to choose one"));
                return config;
            }

            routers = routers.Add(defaultName, new RouterConfig(null, [], [], null, null));
        }

        var completed = routers.Clear();
        foreach (var (name, declared) in routers)
        {
            var router = declared;
            if (router.Rule is null)
            {
                if (!DefaultRuleTemplate.TryRender(options.DefaultRule, container, out var rule, out var problem))
                {
                    errors.Add(new ConfigError(container.Source, $"http.routers.{name}.rule", $"container {container.Name}: router '{name}': default rule: {problem}; the router is left out"));
                    continue;
                }

                router = router with { Rule = rule };
            }

            if (router.Service is null)
            {
                if (serviceNames.Count != 1)
                {
                    errors.Add(new ConfigError(container.Source, $"http.routers.{name}.service", $"container {container.Name}: router '{name}' names no service and the container defines {serviceNames.Count} ({string.Join(", ", serviceNames)}); set label {options.LabelPrefix}.http.routers.{name}.service; the router is left out"));
                    continue;
                }

                router = router with { Service = serviceNames[0] };
            }

            completed = completed.Add(name, router);
        }

        return config with { Routers = completed };
    }
}
