using System.Collections.Immutable;
using Proxy.Actors.Configuration.Schema;
using Proxy.Actors.Model;
using Proxy.Actors.Model.Config;
using Proxy.Actors.Model.Middlewares;

namespace Proxy.Actors.Configuration.Validation;

/// <summary>
/// Turns one raw middleware into a validated one, or into the list of what is wrong with it. The
/// checks on each option are the ones its type declares; this adds what concerns the whole
/// middleware (exactly one type, a type we know).
/// </summary>
public static class MiddlewareValidator
{
    public static (MiddlewareSnapshot? Middleware, ImmutableArray<ConfigError> Errors) Validate(
        string qualifiedName, string name, string source, MiddlewareConfig config)
    {
        var errors = new ErrorSink(source, $"http.middlewares.{name}");
        var unknownTypes = config.UnknownTypes.IsDefault ? [] : config.UnknownTypes;
        foreach (var unknown in unknownTypes)
        {
            errors.Add(unknown, $"unknown middleware type '{unknown}'; supported types are {string.Join(", ", MiddlewareTypes.Names)}");
        }

        var declared = config.Types.Keys.ToList();
        if (declared.Count == 0 && unknownTypes.IsEmpty)
        {
            errors.Add(string.Empty, $"no middleware type given; expected one of {string.Join(", ", MiddlewareTypes.Names)}");
        }
        else if (declared.Count + unknownTypes.Length > 1)
        {
            errors.Add(string.Empty, $"one middleware has one type, found {string.Join(", ", declared.Concat(unknownTypes))}");
        }

        MiddlewareSnapshot? result = null;
        foreach (var (typeName, options) in config.Types)
        {
            var type = MiddlewareTypes.Find(typeName)!;
            foreach (var problem in SchemaValidation.Check(type.Schema, options))
            {
                errors.Add($"{typeName}.{problem.SubPath}", problem.Message);
            }

            if (!errors.HasErrors)
            {
                result = MiddlewareSnapshots.Of(qualifiedName, type, (IMiddlewareConfig)SchemaValidation.Resolve(type.Schema, options));
            }
        }

        return errors.HasErrors ? (null, errors.ToImmutable()) : (result, ImmutableArray<ConfigError>.Empty);
    }

    /// <summary>
    /// The deprecated type names a middleware is written with (Traefik's <c>ipWhiteList</c>), one warning each:
    /// the middleware still serves, as Traefik's does, and the warning tells the name to use.
    /// </summary>
    public static ImmutableArray<ConfigError> Deprecations(string name, string source, MiddlewareConfig config) =>
    [
        .. config.Types.Keys
            .Select(MiddlewareTypes.Find)
            .Where(type => type?.ReplacedBy is not null)
            .Select(type => new ConfigError(
                source, $"http.middlewares.{name}.{type!.Name}", $"middleware type {type.Name} is deprecated, use {type.ReplacedBy} (the same options)")),
    ];
}
