using System.Collections.Immutable;

namespace Proxy.Actors.Model.Config;

/// <summary>
/// Every middleware type, by the name operators write. Adding a line here (and the record it names)
/// is what makes a type known to every provider, the validator, the wire and the API.
/// </summary>
public static class MiddlewareTypes
{
    public static ImmutableArray<MiddlewareType> All { get; } =
    [
        MiddlewareType.Of("addPrefix", AddPrefixConfig.Schema),
        MiddlewareType.Of("basicAuth", BasicAuthConfig.Schema),
        MiddlewareType.Of("buffering", BufferingConfig.Schema),
        MiddlewareType.Of("chain", ChainConfig.Schema),
        MiddlewareType.Of("circuitBreaker", CircuitBreakerConfig.Schema),
        MiddlewareType.Of("compress", CompressConfig.Schema),
        MiddlewareType.Of("contentType", ContentTypeConfig.Schema),
        MiddlewareType.Of("digestAuth", DigestAuthConfig.Schema),
        MiddlewareType.Of("errors", ErrorsConfig.Schema),
        MiddlewareType.Of("forwardAuth", ForwardAuthConfig.Schema),
        MiddlewareType.Of("headers", HeadersConfig.Schema),
        MiddlewareType.Of("inFlightReq", InFlightReqConfig.Schema),
        MiddlewareType.Of("ipAllowList", IpAllowListConfig.Schema),
        // After ipAllowList: the type of an IpAllowListConfig (MiddlewareTypes.Of) is its current name.
        MiddlewareType.Of("ipWhiteList", IpAllowListConfig.Schema) with { ReplacedBy = "ipAllowList" },
        MiddlewareType.Of("rateLimit", RateLimitConfig.Schema),
        MiddlewareType.Of("redirectRegex", RedirectRegexConfig.Schema),
        MiddlewareType.Of("redirectScheme", RedirectSchemeConfig.Schema),
        MiddlewareType.Of("replacePath", ReplacePathConfig.Schema),
        MiddlewareType.Of("replacePathRegex", ReplacePathRegexConfig.Schema),
        MiddlewareType.Of("retry", RetryConfig.Schema),
        MiddlewareType.Of("stripPrefix", StripPrefixConfig.Schema),
        MiddlewareType.Of("stripPrefixRegex", StripPrefixRegexConfig.Schema),
    ];

    /// <summary>The names, for errors that list what is supported.</summary>
    public static ImmutableArray<string> Names { get; } = [.. All.Select(t => t.Name)];

    /// <summary>The type named <paramref name="name"/>, ignoring case as every Traefik key does.</summary>
    public static MiddlewareType? Find(string name) =>
        All.FirstOrDefault(t => t.Name.Equals(name, StringComparison.OrdinalIgnoreCase));

    /// <summary>The type whose options are <paramref name="options"/>; throws for a record not registered (a programming error).</summary>
    public static MiddlewareType Of(IMiddlewareConfig options) =>
        All.FirstOrDefault(t => t.RecordType == options.GetType())
        ?? throw new ArgumentException($"{options.GetType().Name} is not a registered middleware type", nameof(options));
}
