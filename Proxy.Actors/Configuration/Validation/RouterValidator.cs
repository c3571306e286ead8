using System.Collections.Immutable;
using Proxy.Actors.Model;
using Proxy.Actors.Model.Config;
using Proxy.Actors.Routing.Rules;

namespace Proxy.Actors.Configuration.Validation;

/// <summary>
/// Checks what a router says about itself: its declared field checks, then what needs more than the
/// value (the rule compiles, the entry points exist). References to services and middlewares are
/// checked once every provider's objects are known, by <see cref="ConfigValidator"/>.
/// </summary>
public static class RouterValidator
{
    public static (RouterDefinition? Router, ImmutableArray<ConfigError> Errors) Validate(
        string qualifiedName, string name, string provider, string source, RouterConfig config,
        IReadOnlyCollection<string> entryPoints)
    {
        var errors = new ErrorSink(source, $"http.routers.{name}");
        errors.Check(RouterConfig.Schema, config);
        CompiledRule? rule = null;
        if (!string.IsNullOrWhiteSpace(config.Rule))
        {
            var compiled = RuleCompiler.Compile(config.Rule);
            if (compiled.Error is { } error)
            {
                errors.Add("rule", $"invalid rule {error}");
            }

            rule = compiled.Rule;
        }

        var routerEntryPoints = config.EntryPoints.IsDefaultOrEmpty
            ? [.. entryPoints.Order(StringComparer.Ordinal)]
            : config.EntryPoints;
        foreach (var entryPoint in routerEntryPoints)
        {
            if (!entryPoints.Contains(entryPoint))
            {
                errors.Add("entryPoints", $"entry point '{entryPoint}' does not exist; known: {string.Join(", ", entryPoints.Order(StringComparer.Ordinal))}");
            }
        }

        if (errors.HasErrors || rule is null)
        {
            return (null, errors.InFieldOrder(RouterConfig.Schema));
        }

        var middlewares = config.Middlewares.IsDefault
            ? ImmutableArray<string>.Empty
            : [.. config.Middlewares.Select(m => QualifiedName.Of(m, provider))];
        return (new RouterDefinition(
                qualifiedName, provider, rule,
                config.Priority ?? RuleCompiler.DefaultPriority(config.Rule!),
                routerEntryPoints, middlewares, QualifiedName.Of(config.Service!, provider), config),
            ImmutableArray<ConfigError>.Empty);
    }
}
