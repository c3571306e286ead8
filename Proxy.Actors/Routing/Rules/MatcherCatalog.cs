using System.Collections.Frozen;

namespace Proxy.Actors.Routing.Rules;

/// <summary>
/// The Traefik v3 HTTP matchers. Names are case-sensitive as in Traefik v3, and each takes
/// exactly the arguments v3 does (v2's multi-value <c>Host(`a`, `b`)</c> is gone; combine
/// with <c>||</c>).
/// </summary>
internal static class MatcherCatalog
{
    private static readonly FrozenDictionary<string, MatcherSpec> Specs = new MatcherSpec[]
    {
        new("ClientIP", 1, 1, args => ClientIp(args[0])),
        new("Header", 2, 2, args => HeaderName("Header", args[0]) ?? (BuildResult)new HeaderMatcher(args[0].Value, args[1].Value)),
        new("HeaderRegexp", 2, 2, args => HeaderName("HeaderRegexp", args[0])
            ?? SafeRegex.Create(args[1].Value, "HeaderRegexp", args[1].Position, re => new HeaderRegexpMatcher(args[0].Value, re))),
        new("Host", 1, 1, args => Host(args[0])),
        new("HostRegexp", 1, 1, args => SafeRegex.Create(args[0].Value, "HostRegexp", args[0].Position, re => new HostRegexpMatcher(re))),
        new("Method", 1, 1, args => Method(args[0])),
        new("Path", 1, 1, args => Slashed("Path", args[0]) ?? (BuildResult)new PathMatcher(args[0].Value)),
        new("PathPrefix", 1, 1, args => Slashed("PathPrefix", args[0]) ?? (BuildResult)new PathPrefixMatcher(args[0].Value)),
        new("PathRegexp", 1, 1, args => SafeRegex.Create(args[0].Value, "PathRegexp", args[0].Position, re => new PathRegexpMatcher(re))),
        new("Query", 1, 2, args => QueryKey("Query", args[0])
            ?? (args.Count == 1 ? new QueryPresentMatcher(args[0].Value) : (BuildResult)new QueryMatcher(args[0].Value, args[1].Value))),
        new("QueryRegexp", 2, 2, args => QueryKey("QueryRegexp", args[0])
            ?? SafeRegex.Create(args[1].Value, "QueryRegexp", args[1].Position, re => new QueryRegexpMatcher(args[0].Value, re))),
    }.ToFrozenDictionary(spec => spec.Name, StringComparer.Ordinal);

    /// <summary>The known names, in ordinal order, for "expected one of" messages.</summary>
    public static string KnownNames { get; } = string.Join(", ", Specs.Keys.Order(StringComparer.Ordinal));

    public static MatcherSpec? Find(string name) => Specs.GetValueOrDefault(name);

    /// <summary>The known name that differs only in case, to point out a likely v2 or typing habit.</summary>
    public static string? FindIgnoringCase(string name) =>
        Specs.Keys.FirstOrDefault(known => string.Equals(known, name, StringComparison.OrdinalIgnoreCase));

    private static BuildResult Host(RuleArgument domain)
    {
        if (domain.Value.Length == 0)
        {
            return new RuleError(domain.Position, "Host needs a domain, found an empty string");
        }

        // The trailing dot of a fully qualified name is dropped here and from request hosts alike.
        var host = domain.Value.TrimEnd('.').ToLowerInvariant();
        if (host.Length == 0)
        {
            return new RuleError(domain.Position, $"Host needs a domain, found '{domain.Value}'");
        }

        // Traefik requires punycode: a request's Host header is ASCII, so a Unicode rule could never match.
        if (!System.Text.Ascii.IsValid(domain.Value))
        {
            return new RuleError(domain.Position, $"Host needs an ASCII (punycode) domain, found '{domain.Value}'");
        }

        return new HostMatcher(host);
    }

    private static BuildResult Method(RuleArgument method) =>
        HttpToken.IsValid(method.Value)
            ? new MethodMatcher(method.Value.ToUpperInvariant())
            : new RuleError(method.Position, $"Method needs an HTTP method token, found '{method.Value}'");

    private static BuildResult ClientIp(RuleArgument range) =>
        IpRange.TryParse(range.Value, out var parsed)
            ? new ClientIpMatcher(parsed)
            : new RuleError(range.Position, $"ClientIP needs an IP address or CIDR range, found '{range.Value}'");

    private static RuleError? Slashed(string matcher, RuleArgument path) =>
        path.Value.StartsWith('/') ? null : new RuleError(path.Position, $"{matcher} needs a path starting with '/', found '{path.Value}'");

    private static RuleError? HeaderName(string matcher, RuleArgument name) =>
        HttpToken.IsValid(name.Value) ? null : new RuleError(name.Position, $"{matcher} needs a header name (an HTTP token), found '{name.Value}'");

    private static RuleError? QueryKey(string matcher, RuleArgument key) =>
        key.Value.Length > 0 ? null : new RuleError(key.Position, $"{matcher} needs a parameter name, found an empty string");
}
