using System.Collections.Immutable;
using Proxy.Actors.Model;
using Proxy.Actors.Model.Config;

namespace Proxy.Actors.Configuration.Validation;

/// <summary>
/// Turns one raw service into a validated one, or into the list of what is wrong with it. Each field is
/// checked by its declaration; this adds what needs the whole list (a server listed twice) and builds
/// the definition from the record with its declared defaults filled in.
/// </summary>
public static class ServiceValidator
{
    public static (ServiceDefinition? Service, ImmutableArray<ConfigError> Errors) Validate(
        string qualifiedName, string name, string provider, string source, ServiceConfig config)
    {
        var errors = new ErrorSink(source, $"http.services.{name}");
        errors.Check(ServiceConfig.Schema, config);
        if (config.LoadBalancer is { } given)
        {
            CheckListedOnce(given.Servers, errors);
        }

        if (errors.HasErrors)
        {
            return (null, errors.ToImmutable());
        }

        var lb = Schema.SchemaValidation.Resolve(LoadBalancerConfig.Schema, config.LoadBalancer!);
        var servers = lb.Servers.Select(s => new ServerDefinition(
            s.Url!.TrimEnd('/'), new Uri(s.Url, UriKind.Absolute), s.Weight!.Value, s.Draining, s.Source));
        return (new ServiceDefinition(
                qualifiedName, provider, false, [.. servers], lb.PassHostHeader!.Value,
                lb.HealthCheck is { } hc ? HealthCheck(hc) : null,
                lb.PassiveHealthCheck is { } p ? new PassiveHealthSpec(p.MaxFailedAttempts!.Value, Duration(p.FailureWindow), Duration(p.Cooldown)) : null),
            ImmutableArray<ConfigError>.Empty);
    }

    /// <summary>Two servers with one URL (a trailing slash aside) would get twice the share of traffic by accident.</summary>
    private static void CheckListedOnce(ImmutableArray<ServerConfig> servers, ErrorSink errors)
    {
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < (servers.IsDefault ? 0 : servers.Length); i++)
        {
            if (servers[i].Url is { } url && !string.IsNullOrWhiteSpace(url) && !seen.Add(url.TrimEnd('/')))
            {
                errors.Add($"loadBalancer.servers[{i}].url", $"'{url}' is listed twice");
            }
        }
    }

    private static HealthCheckSpec HealthCheck(HealthCheckConfig hc) => new(
        hc.Path!, Duration(hc.Interval), Duration(hc.Timeout), hc.Scheme, hc.Hostname, hc.Port, hc.Headers,
        string.IsNullOrEmpty(hc.Method) ? "GET" : hc.Method.ToUpperInvariant(),
        hc.Status, hc.FailureThreshold!.Value, hc.SuccessThreshold!.Value,
        !string.Equals(hc.InitialState, "down", StringComparison.OrdinalIgnoreCase));

    /// <summary>A duration the declared checks have already accepted.</summary>
    private static TimeSpan Duration(string? text) =>
        Model.Duration.TryParse(text, out var value) ? value : throw new InvalidOperationException($"'{text}' passed the duration check but does not parse");
}
