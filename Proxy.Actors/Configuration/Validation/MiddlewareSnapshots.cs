using Proxy.Actors.Model;
using Proxy.Actors.Model.Config;
using Proxy.Actors.Model.Middlewares;

namespace Proxy.Actors.Configuration.Validation;

/// <summary>
/// The snapshot the request path reads for a checked middleware whose defaults are filled in. The four
/// types the request path already switches on keep their typed snapshots; any other registered type is
/// a <see cref="DeclaredMiddleware"/> whose handler reads the options record itself.
/// </summary>
internal static class MiddlewareSnapshots
{
    public static MiddlewareSnapshot Of(string name, MiddlewareType type, IMiddlewareConfig options) => options switch
    {
        RetryConfig retry => new RetryMiddleware(
            name,
            retry.Attempts!.Value,
            Duration.TryParse(retry.InitialInterval, out var interval) ? interval : TimeSpan.Zero,
            retry.RetryNonIdempotent!.Value,
            retry.MaxBodyBytes!.Value) { Options = retry },
        StripPrefixConfig strip => StripPrefix(name, strip),
        AddPrefixConfig add => new AddPrefixMiddleware(name, add.Prefix!) { Options = add },
        HeadersConfig headers => new HeadersMiddleware(name, headers.CustomRequestHeaders, headers.CustomResponseHeaders) { Options = headers },
        _ => new DeclaredMiddleware(name, type.Name) { Options = options },
    };

    /// <summary>Longest first, so /api/v1 is stripped before /api when both are listed.</summary>
    private static StripPrefixMiddleware StripPrefix(string name, StripPrefixConfig strip)
    {
        var ordered = strip with { Prefixes = [.. strip.Prefixes.OrderByDescending(p => p.Length).ThenBy(p => p, StringComparer.Ordinal)] };
        return new StripPrefixMiddleware(name, ordered.Prefixes) { Options = ordered };
    }
}
