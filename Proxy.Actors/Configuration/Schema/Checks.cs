using System.Collections.Immutable;

namespace Proxy.Actors.Configuration.Schema;

/// <summary>
/// The checks that field declarations name. Each message says what is wrong with the value an
/// operator wrote; the validator puts the object and the field's path in front of it.
/// </summary>
public static class Checks
{
    public static ValueCheck<int> AtLeast(int minimum) =>
        value => value < minimum ? [FieldProblem.Of($"must be at least {minimum}, got {value}")] : [];

    public static ValueCheck<int> NotNegative { get; } =
        value => value < 0 ? [FieldProblem.Of($"must not be negative, got {value}")] : [];

    public static ValueCheck<long> NotNegativeLong { get; } =
        value => value < 0 ? [FieldProblem.Of($"must not be negative, got {value}")] : [];

    public static ValueCheck<long> AtLeastLong(long minimum) =>
        value => value < minimum ? [FieldProblem.Of($"must be at least {minimum}, got {value}")] : [];

    /// <param name="what">What the value should be, with its article: "a port".</param>
    public static ValueCheck<int> Within(int minimum, int maximum, string what) =>
        value => value < minimum || value > maximum ? [FieldProblem.Of($"{value} is not {what} ({minimum}-{maximum})")] : [];

    public static ValueCheck<string> StartsWithSlash { get; } =
        value => value.StartsWith('/') ? [] : [FieldProblem.Of($"'{value}' must start with '/'")];

    /// <summary>One of a few words; the message lists them as "http or https".</summary>
    public static ValueCheck<string> OneOf(bool ignoreCase, params string[] allowed) =>
        value => allowed.Contains(value, ignoreCase ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal)
            ? []
            : [FieldProblem.Of($"'{value}' must be {string.Join(" or ", allowed)}")];

    /// <summary>A method token: letters only, since it is sent upper-cased on a request line.</summary>
    public static ValueCheck<string> HttpMethod { get; } =
        value => value.All(char.IsAsciiLetter) ? [] : [FieldProblem.Of($"'{value}' is not an HTTP method")];

    /// <summary>
    /// A server's address: an absolute URL with one of <see cref="Model.ServerScheme.All"/> and a host, no query
    /// or fragment. An unknown scheme is named, so that a typo (<c>h2:</c>, <c>grpc:</c>) is not taken for a host.
    /// </summary>
    public static ValueCheck<string> ServerUrl { get; } = value =>
        !Uri.TryCreate(value, UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.Host)
            ? [FieldProblem.Of($"'{value}' is not an absolute URL with a host ({Schemes}://host:port)")]
            : !Model.ServerScheme.IsKnown(uri.Scheme)
                ? [FieldProblem.Of($"'{value}': unknown scheme '{uri.Scheme}', must be {string.Join(" or ", Model.ServerScheme.All)}")]
                : !string.IsNullOrEmpty(uri.Query) || !string.IsNullOrEmpty(uri.Fragment)
                    ? [FieldProblem.Of($"'{value}' must not have a query or fragment")]
                    : [];

    /// <summary>A scheme given alone (a container's <c>server.scheme</c> label, a health check's <c>scheme</c>).</summary>
    public static ValueCheck<string> ServerSchemeName { get; } = OneOf(false, [.. Model.ServerScheme.All]);

    private static string Schemes => string.Join("|", Model.ServerScheme.All);

    /// <summary>
    /// What <see cref="FieldKind.Duration"/> fields are checked with: it parses, is above zero unless allowed, and not
    /// above <paramref name="max"/> (a duration as written) when one is given.
    /// </summary>
    public static ValueCheck<string> Duration(bool allowZero, bool allowNegative = false, string? max = null)
    {
        var longest = max is null ? (TimeSpan?)null : Model.Duration.Checked(max);
        return value =>
            !(allowNegative ? Model.Duration.TryParseSigned(value, out var parsed) : Model.Duration.TryParse(value, out parsed))
                ? [FieldProblem.Of($"'{value}' is not a duration (use e.g. 10s, 500ms, 1m{(allowNegative ? ", -1ms" : "")})")]
                : parsed == TimeSpan.Zero && !allowZero
                    ? [FieldProblem.Of("must be greater than zero")]
                    : parsed > longest
                        ? [FieldProblem.Of($"'{value}' is longer than the maximum, {max}")]
                        : [];
    }

    /// <summary>An address or a CIDR range as allow-lists and ipStrategy take them (<see cref="Model.NetworkRange"/>).</summary>
    public static ValueCheck<string> NetworkRange { get; } = value =>
        Model.NetworkRange.TryParse(value, out _) ? [] : [FieldProblem.Of($"'{value}' is not {Model.NetworkRange.Accepted}")];

    /// <summary>A regular expression as Traefik's Go regexp takes it, built as the handlers build it (<see cref="Model.LinearRegex"/>).</summary>
    public static ValueCheck<string> Regex { get; } = value =>
        Model.LinearRegex.TryCreate(value, out _, out var problem) ? [] : [FieldProblem.Of(problem)];

    public static ValueCheck<ImmutableArray<string>> NotEmpty(string message) =>
        value => value.IsDefaultOrEmpty ? [FieldProblem.Of(message)] : [];

    /// <summary>Runs <paramref name="check"/> on every item, pointing at it as <c>[i]</c>.</summary>
    public static ValueCheck<ImmutableArray<string>> EachItem(ValueCheck<string> check) =>
        value => (value.IsDefault ? [] : value).SelectMany((item, i) => check(item).Select(p => p with { SubPath = $"[{i}]{p.SubPath}" }));

    /// <summary>Header names are RFC 9110 tokens; values may not break the header block.</summary>
    public static ValueCheck<ImmutableSortedDictionary<string, string>> HeaderNames { get; } =
        headers => headers.SelectMany(header => HeaderProblem(header.Key, header.Value) is { } problem
            ? [new FieldProblem($".{header.Key}", problem)]
            : Array.Empty<FieldProblem>());

    /// <summary>A cookie name is an RFC 6265 token: what else would split the Cookie header or be read as another cookie.</summary>
    public static ValueCheck<string> CookieName { get; } =
        value => value.Length > 0 && value.All(IsTokenChar) ? [] : [FieldProblem.Of($"'{value}' is not a cookie name (letters, digits and !#$%&'*+-.^_`|~)")];

    /// <summary>A cookie attribute's value (a path): no control character and no ';', which would start another attribute.</summary>
    public static ValueCheck<string> CookieAttribute { get; } =
        value => value.Any(c => char.IsControl(c) || c == ';' || c > '~')
            ? [FieldProblem.Of($"'{value}' must not contain ';', control or non-ASCII characters")]
            : [];

    /// <summary>A cookie's domain: a host name, with the leading dot older browsers wrote allowed.</summary>
    public static ValueCheck<string> CookieDomain { get; } =
        value => value.TrimStart('.') is { Length: > 0 } host
            && host.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.')
            && !host.StartsWith('.') && !host.EndsWith('.') && !host.Contains("..", StringComparison.Ordinal)
            ? []
            : [FieldProblem.Of($"'{value}' is not a domain name")];

    /// <summary>Every check in turn, all problems reported.</summary>
    public static ValueCheck<T> All<T>(params ValueCheck<T>[] checks) =>
        value => checks.SelectMany(check => check(value));

    private static string? HeaderProblem(string name, string value) =>
        name.Length == 0 || !name.All(IsTokenChar) ? $"'{name}' is not a valid header name"
        : value.Any(c => c is '\r' or '\n') ? "a header value must not contain line breaks"
        : null;

    private static bool IsTokenChar(char c) =>
        char.IsAsciiLetterOrDigit(c) || "!#$%&'*+-.^_`|~".Contains(c);
}
