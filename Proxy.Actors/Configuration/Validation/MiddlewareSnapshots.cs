using Proxy.Actors.Model;
using Proxy.Actors.Model.Config;
using Proxy.Actors.Model.Middlewares;

namespace Proxy.Actors.Configuration.Validation;

/// <summary>The snapshot the request path reads for a checked middleware whose defaults are filled in.</summary>
internal static class MiddlewareSnapshots
{
    public static MiddlewareSnapshot Of(string name, IMiddlewareConfig options) => options switch
    {
        RetryConfig retry => new RetryMiddleware(
            name,
            retry.Attempts!.Value,
            Duration.TryParse(retry.InitialInterval, out var interval) ? interval : TimeSpan.Zero,
            retry.RetryNonIdempotent!.Value,
            retry.MaxBodyBytes!.Value),

        // Longest first, so /api/v1 is stripped before /api when both are listed.
        StripPrefixConfig strip => new StripPrefixMiddleware(
            name, [.. strip.Prefixes.OrderByDescending(p => p.Length).ThenBy(p => p, StringComparer.Ordinal)]),
        AddPrefixConfig add => new AddPrefixMiddleware(name, add.Prefix!),
        HeadersConfig headers => new HeadersMiddleware(name, headers.CustomRequestHeaders, headers.CustomResponseHeaders),
        _ => throw new ArgumentException($"no snapshot for {options.GetType().Name}", nameof(options)),
    };
}
