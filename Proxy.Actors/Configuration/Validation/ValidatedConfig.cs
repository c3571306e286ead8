using System.Collections.Immutable;
using Proxy.Actors.Model;
using Proxy.Actors.Model.Middlewares;
using Proxy.Actors.Model.Views;

namespace Proxy.Actors.Configuration.Validation;

/// <summary>
/// The merged result of every provider: the objects that serve (enabled or kept from their last
/// good definition), keyed by qualified name, and the view of everything for the API.
/// </summary>
public sealed record ValidatedConfig(
    ImmutableSortedDictionary<string, RouterDefinition> Routers,
    ImmutableSortedDictionary<string, ServiceDefinition> Services,
    ImmutableSortedDictionary<string, MiddlewareSnapshot> Middlewares,
    ConfigurationView View)
{
    public static ValidatedConfig Empty { get; } = new(
        ImmutableSortedDictionary<string, RouterDefinition>.Empty,
        ImmutableSortedDictionary<string, ServiceDefinition>.Empty,
        ImmutableSortedDictionary<string, MiddlewareSnapshot>.Empty,
        ConfigurationView.Empty);

    /// <summary>Every provider's checked <c>tls</c> section, for the TLS listener.</summary>
    public ValidatedTls Tls { get; init; } = ValidatedTls.Empty;
}
