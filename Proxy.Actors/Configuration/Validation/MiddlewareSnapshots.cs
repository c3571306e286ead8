using Proxy.Actors.Model;
using Proxy.Actors.Model.Config;
using Proxy.Actors.Model.Middlewares;

namespace Proxy.Actors.Configuration.Validation;

/// <summary>
/// The snapshot the request path reads for a checked middleware whose defaults are filled in: a
/// <see cref="DeclaredMiddleware"/> whose handler reads the options record itself. Retry alone has a
/// record of its own, <see cref="RetryMiddleware"/>: the request actor, not a handler, follows it, and
/// reads its interval as a time span on every failed attempt.
/// </summary>
internal static class MiddlewareSnapshots
{
    public static MiddlewareSnapshot Of(string name, MiddlewareType type, IMiddlewareConfig options) => options switch
    {
        RetryConfig retry => new RetryMiddleware(
            name,
            retry.Attempts!.Value,
            Duration.Checked(retry.InitialInterval),
            retry.RetryNonIdempotent!.Value,
            retry.MaxBodyBytes!.Value) { Options = retry },
        ChainConfig chain => new ChainMiddleware(
            name, [.. chain.Middlewares.Select(member => QualifiedName.Of(member, QualifiedName.Provider(name)))]) { Options = chain },
        StripPrefixConfig strip => new DeclaredMiddleware(name, type.Name) { Options = LongestFirst(strip) },
        // Qualified here, once: the handler and the check that the service exists read the same name.
        ErrorsConfig errors => new DeclaredMiddleware(name, type.Name)
        {
            Options = errors with { Service = QualifiedName.Of(errors.Service!, QualifiedName.Provider(name)) },
        },
        _ => new DeclaredMiddleware(name, type.Name) { Options = options },
    };

    /// <summary>Longest first, so /api/v1 is stripped before /api when both are listed.</summary>
    private static StripPrefixConfig LongestFirst(StripPrefixConfig strip) =>
        strip with { Prefixes = [.. strip.Prefixes.OrderByDescending(p => p.Length).ThenBy(p => p, StringComparer.Ordinal)] };
}
