using System.Collections.Immutable;
using Proxy.Actors.Configuration.Schema;
using Proxy.Actors.Model;
using Proxy.Actors.Model.Composite;
using Proxy.Actors.Model.Config;
using Proxy.Actors.Services.SessionAffinity;

namespace Proxy.Actors.Configuration.Validation;

/// <summary>
/// Turns one raw service into a validated one, or into the list of what is wrong with it. Each field is
/// checked by its declaration; this adds what needs the whole list (a server listed twice). The
/// definition holds the checked record itself, with the declared defaults filled in, so no field is named here.
/// The services a weighted, mirroring or failover service names are checked once every provider's are known
/// (<see cref="CompositeReferences"/>).
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

        var middlewares = config.Middlewares.IsDefault ? [] : config.Middlewares;
        var definition = config.IsComposite && WithCookieName(SchemaValidation.Resolve(ServiceConfig.Schema, config), qualifiedName) is var resolved
            ? new ServiceDefinition(qualifiedName, provider, CompositeDefinition.From(resolved, provider)!, resolved)
            : new ServiceDefinition(qualifiedName, provider, config.LoadBalancer!);
        return (definition with
        {
            Middlewares = [.. middlewares.Select(m => QualifiedName.Of(m, provider))],
        }, ImmutableArray<ConfigError>.Empty);
    }

    /// <summary>
    /// A weighted service's cookie without a name gets Traefik's derived one, from the qualified name as a load
    /// balancer's does, so that it is alike on every node and the API shows the name in use.
    /// </summary>
    private static ServiceConfig WithCookieName(ServiceConfig config, string qualifiedName) =>
        config.Weighted is { Sticky.Cookie: { Name: null } cookie } weighted
            ? config with { Weighted = weighted with { Sticky = new StickyConfig(cookie with { Name = StickyCookie.DefaultName(qualifiedName) }) } }
            : config;

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
}
