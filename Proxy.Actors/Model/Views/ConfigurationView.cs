using System.Collections.Immutable;

namespace Proxy.Actors.Model.Views;

/// <summary>What the API shows: every object any provider declared, with its status and errors.</summary>
public sealed record ConfigurationView(
    ImmutableSortedDictionary<string, RouterView> Routers,
    ImmutableSortedDictionary<string, ServiceView> Services,
    ImmutableSortedDictionary<string, MiddlewareView> Middlewares,
    ImmutableSortedDictionary<string, ProviderView> Providers)
{
    public static ConfigurationView Empty { get; } = new(
        ImmutableSortedDictionary<string, RouterView>.Empty,
        ImmutableSortedDictionary<string, ServiceView>.Empty,
        ImmutableSortedDictionary<string, MiddlewareView>.Empty,
        ImmutableSortedDictionary<string, ProviderView>.Empty);

    public IEnumerable<ConfigError> AllErrors =>
        Providers.Values.SelectMany(p => p.Errors)
            .Concat(Routers.Values.SelectMany(r => r.Errors))
            .Concat(Services.Values.SelectMany(s => s.Errors))
            .Concat(Middlewares.Values.SelectMany(m => m.Errors));
}
