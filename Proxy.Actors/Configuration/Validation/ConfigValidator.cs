using System.Collections.Immutable;
using Proxy.Actors.Model;
using Proxy.Actors.Model.Config;
using Proxy.Actors.Model.Middlewares;
using Proxy.Actors.Model.Views;
using Proxy.Actors.Tls;

namespace Proxy.Actors.Configuration.Validation;

/// <summary>
/// Merges every provider's configuration into what serves, without stopping at the first error.
/// An object whose new definition is invalid keeps serving its previous valid definition (status
/// warning) so that a typo in a reload does not take a route down; an object that never was
/// valid, or that refers to something missing, is disabled. Everything else serves.
/// </summary>
public static class ConfigValidator
{
    public static ValidatedConfig Validate(
        IReadOnlyDictionary<string, ProviderState> providers,
        IReadOnlyCollection<string> entryPoints,
        IReadOnlySet<string> internalServices,
        ValidatedConfig previous,
        IReadOnlyDictionary<string, RouterTlsConfig>? entryPointTls = null)
    {
        entryPointTls ??= ImmutableDictionary<string, RouterTlsConfig>.Empty;
        var middlewares = new SortedDictionary<string, MiddlewareSnapshot>(StringComparer.Ordinal);
        var services = new SortedDictionary<string, ServiceDefinition>(StringComparer.Ordinal);
        var ownRouters = new SortedDictionary<string, RouterDefinition>(StringComparer.Ordinal);
        var middlewareViews = new SortedDictionary<string, MiddlewareView>(StringComparer.Ordinal);
        var serviceViews = new SortedDictionary<string, ServiceView>(StringComparer.Ordinal);
        var routerViews = new SortedDictionary<string, RouterView>(StringComparer.Ordinal);
        var providerViews = ImmutableSortedDictionary.CreateBuilder<string, ProviderView>(StringComparer.Ordinal);
        var tlsOptions = ImmutableSortedDictionary.CreateBuilder<string, TlsOptionsConfig>(StringComparer.Ordinal);
        var certificates = ImmutableArray.CreateBuilder<SourcedCertificate>();
        SourcedCertificate? defaultCertificate = null;

        // Before any service: a Docker service names 'name@file', and providers are visited by name.
        var transports = new SortedDictionary<string, ServersTransportSpec>(StringComparer.Ordinal);
        var transportErrors = new Dictionary<string, ImmutableArray<ConfigError>>(StringComparer.Ordinal);
        foreach (var provider in providers.Values)
        {
            var (valid, errors) = ServersTransportValidator.Validate(provider.Name, provider.Name, provider.Config.ServersTransports);
            foreach (var (name, transport) in valid) transports[name] = transport;
            transportErrors[provider.Name] = errors;
        }

        var transportsDeclared = providers.Values
            .SelectMany(p => p.Config.ServersTransports.Keys.Select(name => QualifiedName.Of(name, p.Name)))
            .ToHashSet(StringComparer.Ordinal);

        foreach (var provider in providers.Values.OrderBy(p => p.Name, StringComparer.Ordinal))
        {
            var source = provider.Name;
            var readErrors = ReadErrorsByObject(provider);

            foreach (var (name, config) in provider.Config.Middlewares)
            {
                var qualified = QualifiedName.Of(name, provider.Name);
                var (middleware, errors) = MiddlewareValidator.Validate(qualified, name, source, config);
                errors = errors.AddRange(readErrors.GetValueOrDefault($"middlewares.{name}", []));
                var (serving, status, shown) = KeepLastGood(middleware, errors, previous.Middlewares.GetValueOrDefault(qualified));
                if (status == ObjectStatus.Enabled && MiddlewareValidator.Deprecations(name, source, config) is { IsEmpty: false } deprecations)
                {
                    (status, shown) = (ObjectStatus.Warning, shown.AddRange(deprecations));
                }

                if (serving is not null) middlewares[qualified] = serving;
                middlewareViews[qualified] = new MiddlewareView(qualified, provider.Name, config, serving, status, shown, []);
            }

            foreach (var (name, config) in provider.Config.Services)
            {
                var qualified = QualifiedName.Of(name, provider.Name);
                var (service, errors) = ServiceValidator.Validate(qualified, name, provider.Name, source, config);
                var (withTransport, transportProblems) = ServersTransportValidator.Resolve(
                    service, name, source, transports, transportsDeclared, transport => Missing("servers transport", transport, providers));
                (service, errors) = (withTransport, errors.AddRange(transportProblems));
                errors = errors.AddRange(readErrors.GetValueOrDefault($"services.{name}", []));
                var (serving, status, shown) = KeepLastGood(service, errors, previous.Services.GetValueOrDefault(qualified));
                if (serving is not null) services[qualified] = serving;
                serviceViews[qualified] = new ServiceView(qualified, provider.Name, config, serving, status, shown, []);
            }

            foreach (var (name, config) in provider.Config.Routers)
            {
                var qualified = QualifiedName.Of(name, provider.Name);
                var (router, errors) = RouterValidator.Validate(qualified, name, provider.Name, source, config, entryPoints);
                errors = errors.AddRange(readErrors.GetValueOrDefault($"routers.{name}", []));
                var (serving, status, shown) = KeepLastGood(router, errors, previous.Routers.GetValueOrDefault(qualified));
                if (serving is not null) ownRouters[qualified] = serving;
                routerViews[qualified] = new RouterView(qualified, provider.Name, config, serving, status, shown);
            }

            AddObjectsTheProviderDropped(provider, readErrors, routerViews, serviceViews, middlewareViews);
            var (tls, tlsErrors) = TlsValidator.Validate(provider.Name, source, provider.Config.Tls);
            tlsOptions.AddRange(tls.Options);
            certificates.AddRange(tls.Certificates);
            defaultCertificate ??= tls.DefaultCertificate;

            // The tls section and the servers transports are no router, service or middleware: their errors are the provider's.
            var unattributed = readErrors.GetValueOrDefault(string.Empty, []).AddRange(tlsErrors).AddRange(transportErrors[provider.Name]);
            providerViews[provider.Name] = new ProviderView(
                provider.Name,
                provider.ReadFailed ? ObjectStatus.Warning : unattributed.IsEmpty ? ObjectStatus.Enabled : ObjectStatus.Warning,
                provider.ReadFailed ? provider.ReadErrors : unattributed,
                provider.LastChange);
        }

        foreach (var name in internalServices)
        {
            services[name] = ServiceDefinition.Internal(name);
            serviceViews[name] = new ServiceView(name, "internal", null, services[name], ObjectStatus.Enabled, [], []);
        }

        CompositeReferences.DisableBroken(services, serviceViews, name => Missing("service", name, providers));

        // Before the chains and the routers' references: what uses an errors middleware whose service is missing reads that it is disabled.
        ErrorPageServices.DisableMissing(middlewares, middlewareViews, services, serviceViews);
        MiddlewareReferences.CheckChains(middlewares, middlewareViews, name => Missing("middleware", name, providers));
        MiddlewareReferences.CheckServices(services, serviceViews, middlewares, middlewareViews, name => Missing("middleware", name, providers));
        var tlsOptionsDeclared = providers.Values
            .SelectMany(p => p.Config.Tls?.Options.Keys.Select(name => QualifiedName.Of(name, p.Name)) ?? [])
            .ToHashSet(StringComparer.Ordinal);
        var routers = new SortedDictionary<string, RouterDefinition>(StringComparer.Ordinal);
        foreach (var (name, router) in ownRouters)
        {
            var view = routerViews[name];
            var errors = ReferenceErrors(router, view, providers, middlewares, middlewareViews, services, serviceViews, tlsOptions, tlsOptionsDeclared, entryPointTls);
            if (errors.IsEmpty)
            {
                routers[name] = router;
                if (HostlessOptionsWarning(router, entryPointTls) is { } warning)
                {
                    routerViews[name] = view with { Status = ObjectStatus.Warning, Errors = view.Errors.Add(new ConfigError(ErrorSource(view), warning.Path, warning.Message)) };
                }
            }
            else
            {
                routerViews[name] = view with { Serving = null, Status = ObjectStatus.Disabled, Errors = view.Errors.AddRange(errors) };
            }
        }

        AddUsers(routerViews, serviceViews, middlewareViews);
        return new ValidatedConfig(
            routers.ToImmutableSortedDictionary(StringComparer.Ordinal),
            services.ToImmutableSortedDictionary(StringComparer.Ordinal),
            middlewares.ToImmutableSortedDictionary(StringComparer.Ordinal),
            new ConfigurationView(
                routerViews.ToImmutableSortedDictionary(StringComparer.Ordinal),
                serviceViews.ToImmutableSortedDictionary(StringComparer.Ordinal),
                middlewareViews.ToImmutableSortedDictionary(StringComparer.Ordinal),
                providerViews.ToImmutable()))
        {
            Tls = new ValidatedTls(tlsOptions.ToImmutable(), certificates.ToImmutable(), defaultCertificate),
        };
    }

    private static (T? Serving, ObjectStatus Status, ImmutableArray<ConfigError> Errors) KeepLastGood<T>(
        T? current, ImmutableArray<ConfigError> errors, T? lastGood)
        where T : class
    {
        if (errors.IsEmpty && current is not null)
        {
            return (current, ObjectStatus.Enabled, errors);
        }

        if (lastGood is not null)
        {
            var note = new ConfigError(errors[0].Source, errors[0].Path, "the new definition is invalid; the previous valid definition keeps serving");
            return (lastGood, ObjectStatus.Warning, errors.Add(note));
        }

        return (null, ObjectStatus.Disabled, errors);
    }

    /// <summary>
    /// Where an error found after reading is attributed: where the router's read errors point (a
    /// file's path, a container) when it has some, else its provider. Every later error of the router
    /// (a missing reference, a chain its actor could not build) uses it, so they read alike in the API.
    /// </summary>
    public static string ErrorSource(RouterView view) => view.Errors.IsEmpty ? view.Provider : view.Errors[0].Source;

    private static ImmutableArray<ConfigError> ReferenceErrors(
        RouterDefinition router,
        RouterView view,
        IReadOnlyDictionary<string, ProviderState> providers,
        IDictionary<string, MiddlewareSnapshot> middlewares,
        IDictionary<string, MiddlewareView> middlewareViews,
        IDictionary<string, ServiceDefinition> services,
        IDictionary<string, ServiceView> serviceViews,
        IReadOnlyDictionary<string, TlsOptionsConfig> tlsOptions,
        IReadOnlySet<string> tlsOptionsDeclared,
        IReadOnlyDictionary<string, RouterTlsConfig> entryPointTls)
    {
        var source = ErrorSource(view);
        var localName = router.Name[..router.Name.LastIndexOf('@')];
        var errors = new ErrorSink(source, $"http.routers.{localName}");
        foreach (var middleware in router.Middlewares)
        {
            if (middlewares.ContainsKey(middleware))
            {
                continue;
            }

            errors.Add("middlewares", middlewareViews.ContainsKey(middleware)
                ? $"middleware '{middleware}' has errors and is disabled"
                : Missing("middleware", middleware, providers));
        }

        // The service's middlewares run after the router's: the limit holds for what the router runs.
        var serviceMiddlewares = services.TryGetValue(router.Service, out var routed) ? routed.Middlewares : [];
        var readOnly = middlewares.AsReadOnly();
        if (!errors.HasErrors && MiddlewareReferences.FlattenedLength(router.Middlewares.Concat(serviceMiddlewares), readOnly) > MiddlewareReferences.MaxFlattenedMiddlewares)
        {
            errors.Add("middlewares", $"the router's middlewares (its service's included) unfold into more than {MiddlewareReferences.MaxFlattenedMiddlewares} middlewares (chains replaced by their members), the most one router may run");
        }

        if (!services.ContainsKey(router.Service))
        {
            errors.Add("service", serviceViews.ContainsKey(router.Service)
                ? $"service '{router.Service}' has errors and is disabled"
                : Missing("service", router.Service, providers));
        }

        // The router's own tls, else each of its entry points' http.tls defaults: an options name the
        // defaults give is the router's as much as one it wrote, qualified by the router's provider as Traefik does.
        var effective = router.Config.Tls is { } own
            ? [(Tls: own, EntryPoint: (string?)null)]
            : router.EntryPoints
                .Where(entryPointTls.ContainsKey)
                .Select(entryPoint => (Tls: entryPointTls[entryPoint], EntryPoint: (string?)entryPoint));
        foreach (var (tls, entryPoint) in effective)
        {
            if (tls.Options is not { } optionsName || IsDefaultOptions(optionsName))
            {
                continue;
            }

            var qualified = QualifiedName.Of(optionsName, router.Provider);
            if (!tlsOptions.ContainsKey(qualified))
            {
                var problem = tlsOptionsDeclared.Contains(qualified)
                    ? $"TLS options '{qualified}' have errors and are left out"
                    : Missing("TLS options", qualified, providers);
                errors.Add("tls.options", entryPoint is null
                    ? problem
                    : $"{problem} (named by entry point '{entryPoint}' in http.tls.options)");
            }
        }

        return errors.ToImmutable();
    }

    /// <summary>
    /// Traefik's "No domain found in rule": options are chosen by SNI from the hosts a rule requires, so a
    /// router with other options than <c>default</c> and a rule that may match any host gets its options only
    /// over an SNI some other router gives the same options; every other TLS request to it is answered 421.
    /// </summary>
    private static (string Path, string Message)? HostlessOptionsWarning(RouterDefinition router, IReadOnlyDictionary<string, RouterTlsConfig> entryPointTls)
    {
        if (router.Rule.RequiredHosts is not null)
        {
            return null;
        }

        var options = router.EntryPoints
            .Select(entryPoint => RouterTlsDefaults.Effective(router, entryPoint, entryPointTls))
            .OfType<RouterTlsConfig>()
            .Select(tls => RouterTlsDefaults.OptionsName(router, tls))
            .FirstOrDefault(name => name != TlsNames.DefaultOptions);
        var localName = router.Name[..router.Name.LastIndexOf('@')];
        return options is null
            ? null
            : ($"http.routers.{localName}.rule",
                $"no domain found in rule: TLS options '{options}' are chosen by the client's SNI from Host(...) names a rule requires, "
                + "so this router is answered 421 Misdirected Request unless the SNI is a host whose routers use the same options");
    }

    /// <summary>Traefik's <c>default</c> options exist whether or not a provider declares them, under any provider name.</summary>
    private static bool IsDefaultOptions(string name) =>
        name == TlsNames.DefaultOptions || name.StartsWith(TlsNames.DefaultOptions + "@", StringComparison.Ordinal);

    private static string Missing(string kind, string name, IReadOnlyDictionary<string, ProviderState> providers)
    {
        var provider = QualifiedName.Provider(name);
        return providers.ContainsKey(provider) || provider == "internal"
            ? $"{kind} '{name}' does not exist"
            : $"{kind} '{name}' does not exist (no provider named '{provider}')";
    }

    /// <summary>
    /// A provider leaves out objects it could not read; the API still lists them, disabled,
    /// so the operator finds the error where they look for the object.
    /// </summary>
    private static void AddObjectsTheProviderDropped(
        ProviderState provider,
        IReadOnlyDictionary<string, ImmutableArray<ConfigError>> readErrors,
        IDictionary<string, RouterView> routers,
        IDictionary<string, ServiceView> services,
        IDictionary<string, MiddlewareView> middlewares)
    {
        foreach (var (key, errors) in readErrors)
        {
            var dot = key.IndexOf('.');
            if (dot < 0)
            {
                continue;
            }

            var name = key[(dot + 1)..];
            var qualified = QualifiedName.Of(name, provider.Name);
            switch (key[..dot])
            {
                case "routers" when !routers.ContainsKey(qualified):
                    routers[qualified] = new RouterView(qualified, provider.Name, null, null, ObjectStatus.Disabled, errors);
                    break;
                case "services" when !services.ContainsKey(qualified):
                    services[qualified] = new ServiceView(qualified, provider.Name, null, null, ObjectStatus.Disabled, errors, []);
                    break;
                case "middlewares" when !middlewares.ContainsKey(qualified):
                    middlewares[qualified] = new MiddlewareView(qualified, provider.Name, null, null, ObjectStatus.Disabled, errors, []);
                    break;
            }
        }
    }

    /// <summary>Groups a provider's read errors by the object their path names (<c>routers.api</c>); the rest under "".</summary>
    private static Dictionary<string, ImmutableArray<ConfigError>> ReadErrorsByObject(ProviderState provider)
    {
        if (provider.ReadFailed || provider.ReadErrors.IsDefaultOrEmpty)
        {
            return [];
        }

        return provider.ReadErrors
            .GroupBy(ObjectKey)
            .ToDictionary(g => g.Key, g => g.ToImmutableArray());
    }

    private static string ObjectKey(ConfigError error)
    {
        var parts = error.Path.Split('.', 4);
        return parts.Length >= 3 && parts[0] == "http" && parts[1] is "routers" or "services" or "middlewares"
            ? $"{parts[1]}.{parts[2]}"
            : string.Empty;
    }

    private static void AddUsers(
        IDictionary<string, RouterView> routers,
        IDictionary<string, ServiceView> services,
        IDictionary<string, MiddlewareView> middlewares)
    {
        var serviceUsers = new Dictionary<string, List<string>>();
        var middlewareUsers = new Dictionary<string, List<string>>();
        foreach (var router in routers.Values)
        {
            if (router.Config is not { } config)
            {
                continue;
            }

            if (config.Service is { } service)
            {
                Add(serviceUsers, QualifiedName.Of(service, router.Provider), router.Name);
            }

            foreach (var middleware in config.Middlewares.IsDefault ? [] : config.Middlewares)
            {
                Add(middlewareUsers, QualifiedName.Of(middleware, router.Provider), router.Name);
            }
        }

        foreach (var (name, users) in serviceUsers)
        {
            if (services.TryGetValue(name, out var view)) services[name] = view with { UsedBy = [.. users] };
        }

        foreach (var (name, users) in middlewareUsers)
        {
            if (middlewares.TryGetValue(name, out var view)) middlewares[name] = view with { UsedBy = [.. users] };
        }

        static void Add(Dictionary<string, List<string>> map, string key, string user)
        {
            if (!map.TryGetValue(key, out var list)) map[key] = list = [];
            list.Add(user);
        }
    }
}
