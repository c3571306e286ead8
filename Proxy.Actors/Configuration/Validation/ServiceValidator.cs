using System.Collections.Immutable;
using Proxy.Actors.Model;
using Proxy.Actors.Model.Config;

namespace Proxy.Actors.Configuration.Validation;

/// <summary>Turns one raw service into a validated one, or into the list of what is wrong with it.</summary>
public static class ServiceValidator
{
    public static (ServiceDefinition? Service, ImmutableArray<ConfigError> Errors) Validate(
        string qualifiedName, string name, string provider, string source, ServiceConfig config)
    {
        var errors = new ErrorSink(source, $"http.services.{name}");
        if (config.LoadBalancer is not { } lb)
        {
            errors.Add("loadBalancer", "is required (the only service kind supported)");
            return (null, errors.ToImmutable());
        }

        var servers = Servers(lb.Servers, errors);
        var health = lb.HealthCheck is { } hc ? HealthCheck(hc, errors) : null;
        var passive = lb.PassiveHealthCheck is { } p ? Passive(p, errors) : null;
        if (errors.HasErrors)
        {
            return (null, errors.ToImmutable());
        }

        return (new ServiceDefinition(qualifiedName, provider, false, servers, lb.PassHostHeader ?? true, health, passive),
            ImmutableArray<ConfigError>.Empty);
    }

    private static ImmutableArray<ServerDefinition> Servers(ImmutableArray<ServerConfig> servers, ErrorSink errors)
    {
        var result = ImmutableArray.CreateBuilder<ServerDefinition>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < (servers.IsDefault ? 0 : servers.Length); i++)
        {
            var server = servers[i];
            var field = $"loadBalancer.servers[{i}]";
            if (string.IsNullOrWhiteSpace(server.Url))
            {
                errors.Add($"{field}.url", "is required");
                continue;
            }

            if (!Uri.TryCreate(server.Url, UriKind.Absolute, out var uri) || (uri.Scheme != "http" && uri.Scheme != "https"))
            {
                errors.Add($"{field}.url", $"'{server.Url}' is not an absolute http:// or https:// URL");
                continue;
            }

            if (!string.IsNullOrEmpty(uri.Query) || !string.IsNullOrEmpty(uri.Fragment))
            {
                errors.Add($"{field}.url", $"'{server.Url}' must not have a query or fragment");
                continue;
            }

            if (server.Weight is < 0)
            {
                errors.Add($"{field}.weight", $"must not be negative, got {server.Weight}");
                continue;
            }

            var url = server.Url.TrimEnd('/');
            if (!seen.Add(url))
            {
                errors.Add($"{field}.url", $"'{server.Url}' is listed twice");
                continue;
            }

            result.Add(new ServerDefinition(url, uri, server.Weight ?? 1, server.Draining, server.Source));
        }

        return result.ToImmutable();
    }

    private static HealthCheckSpec HealthCheck(HealthCheckConfig hc, ErrorSink errors)
    {
        if (string.IsNullOrEmpty(hc.Path))
        {
            errors.Add("loadBalancer.healthCheck.path", "is required");
        }
        else if (!hc.Path.StartsWith('/'))
        {
            errors.Add("loadBalancer.healthCheck.path", $"'{hc.Path}' must start with '/'");
        }

        var interval = errors.Duration("loadBalancer.healthCheck.interval", hc.Interval, HealthCheckSpec.DefaultInterval);
        var timeout = errors.Duration("loadBalancer.healthCheck.timeout", hc.Timeout, HealthCheckSpec.DefaultTimeout);
        if (hc.Scheme is { } scheme && scheme is not ("http" or "https"))
        {
            errors.Add("loadBalancer.healthCheck.scheme", $"'{scheme}' must be http or https");
        }

        if (hc.Port is < 1 or > 65535)
        {
            errors.Add("loadBalancer.healthCheck.port", $"{hc.Port} is not a port (1-65535)");
        }

        if (hc.Status is < 100 or > 599)
        {
            errors.Add("loadBalancer.healthCheck.status", $"{hc.Status} is not an HTTP status (100-599)");
        }

        if (hc.FailureThreshold is < 1)
        {
            errors.Add("loadBalancer.healthCheck.failureThreshold", $"must be at least 1, got {hc.FailureThreshold}");
        }

        if (hc.SuccessThreshold is < 1)
        {
            errors.Add("loadBalancer.healthCheck.successThreshold", $"must be at least 1, got {hc.SuccessThreshold}");
        }

        var initiallyUp = true;
        if (hc.InitialState is { } state)
        {
            if (string.Equals(state, "down", StringComparison.OrdinalIgnoreCase))
            {
                initiallyUp = false;
            }
            else if (!string.Equals(state, "up", StringComparison.OrdinalIgnoreCase))
            {
                errors.Add("loadBalancer.healthCheck.initialState", $"'{state}' must be up or down");
            }
        }

        var method = string.IsNullOrEmpty(hc.Method) ? "GET" : hc.Method.ToUpperInvariant();
        if (!method.All(char.IsAsciiLetter))
        {
            errors.Add("loadBalancer.healthCheck.method", $"'{hc.Method}' is not an HTTP method");
        }

        return new HealthCheckSpec(
            hc.Path ?? "/", interval, timeout, hc.Scheme, hc.Hostname, hc.Port, hc.Headers, method, hc.Status,
            hc.FailureThreshold ?? 1, hc.SuccessThreshold ?? 1, initiallyUp);
    }

    private static PassiveHealthSpec Passive(PassiveHealthCheckConfig p, ErrorSink errors)
    {
        if (p.MaxFailedAttempts is < 1)
        {
            errors.Add("loadBalancer.passiveHealthCheck.maxFailedAttempts", $"must be at least 1, got {p.MaxFailedAttempts}");
        }

        var window = errors.Duration("loadBalancer.passiveHealthCheck.failureWindow", p.FailureWindow, PassiveHealthSpec.DefaultWindow);
        var cooldown = errors.Duration("loadBalancer.passiveHealthCheck.cooldown", p.Cooldown, window);
        return new PassiveHealthSpec(p.MaxFailedAttempts ?? 1, window, cooldown);
    }
}
