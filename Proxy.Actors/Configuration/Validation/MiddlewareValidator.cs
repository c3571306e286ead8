using System.Collections.Immutable;
using Proxy.Actors.Model;
using Proxy.Actors.Model.Config;
using Proxy.Actors.Model.Middlewares;

namespace Proxy.Actors.Configuration.Validation;

/// <summary>Turns one raw middleware into a validated one, or into the list of what is wrong with it.</summary>
public static class MiddlewareValidator
{
    public static readonly ImmutableArray<string> SupportedTypes = ["addPrefix", "headers", "retry", "stripPrefix"];

    public static (MiddlewareSnapshot? Middleware, ImmutableArray<ConfigError> Errors) Validate(
        string qualifiedName, string name, string source, MiddlewareConfig config)
    {
        var errors = new ErrorSink(source, $"http.middlewares.{name}");
        // A default array throws when enumerated; the checks below already treat it as empty.
        foreach (var unknown in config.UnknownTypes.IsDefault ? [] : config.UnknownTypes)
        {
            errors.Add(unknown, $"unknown middleware type '{unknown}'; supported types are {string.Join(", ", SupportedTypes)}");
        }

        var declared = new List<string>();
        if (config.Retry is not null) declared.Add("retry");
        if (config.StripPrefix is not null) declared.Add("stripPrefix");
        if (config.AddPrefix is not null) declared.Add("addPrefix");
        if (config.Headers is not null) declared.Add("headers");
        if (declared.Count == 0 && config.UnknownTypes.IsDefaultOrEmpty)
        {
            errors.Add(string.Empty, $"no middleware type given; expected one of {string.Join(", ", SupportedTypes)}");
        }
        else if (declared.Count + (config.UnknownTypes.IsDefault ? 0 : config.UnknownTypes.Length) > 1)
        {
            errors.Add(string.Empty, $"one middleware has one type, found {string.Join(", ", declared.Concat(config.UnknownTypes.IsDefault ? [] : config.UnknownTypes))}");
        }

        MiddlewareSnapshot? result = null;
        if (config.Retry is { } retry) result = Retry(qualifiedName, retry, errors);
        if (config.StripPrefix is { } strip) result = StripPrefix(qualifiedName, strip, errors);
        if (config.AddPrefix is { } add) result = AddPrefix(qualifiedName, add, errors);
        if (config.Headers is { } headers) result = Headers(qualifiedName, headers, errors);

        return errors.HasErrors ? (null, errors.ToImmutable()) : (result, ImmutableArray<ConfigError>.Empty);
    }

    private static RetryMiddleware Retry(string name, RetryConfig retry, ErrorSink errors)
    {
        if (retry.Attempts is null)
        {
            errors.Add("retry.attempts", "is required (the number of tries, the first included)");
        }
        else if (retry.Attempts < 1)
        {
            errors.Add("retry.attempts", $"must be at least 1, got {retry.Attempts}");
        }

        var interval = errors.Duration("retry.initialInterval", retry.InitialInterval, RetryMiddleware.DefaultInitialInterval, allowZero: true);
        if (retry.MaxBodyBytes is < 0)
        {
            errors.Add("retry.maxBodyBytes", $"must not be negative, got {retry.MaxBodyBytes}");
        }

        return new RetryMiddleware(
            name,
            retry.Attempts ?? 1,
            interval,
            retry.RetryNonIdempotent ?? false,
            retry.MaxBodyBytes ?? RetryMiddleware.DefaultMaxBodyBytes);
    }

    private static StripPrefixMiddleware StripPrefix(string name, StripPrefixConfig strip, ErrorSink errors)
    {
        if (strip.Prefixes.IsDefaultOrEmpty)
        {
            errors.Add("stripPrefix.prefixes", "needs at least one prefix");
        }
        else
        {
            for (var i = 0; i < strip.Prefixes.Length; i++)
            {
                if (!strip.Prefixes[i].StartsWith('/'))
                {
                    errors.Add($"stripPrefix.prefixes[{i}]", $"'{strip.Prefixes[i]}' must start with '/'");
                }
            }
        }

        // Longest first, so /api/v1 is stripped before /api when both are listed.
        var ordered = strip.Prefixes.IsDefault
            ? ImmutableArray<string>.Empty
            : [.. strip.Prefixes.OrderByDescending(p => p.Length).ThenBy(p => p, StringComparer.Ordinal)];
        return new StripPrefixMiddleware(name, ordered);
    }

    private static AddPrefixMiddleware AddPrefix(string name, AddPrefixConfig add, ErrorSink errors)
    {
        if (string.IsNullOrEmpty(add.Prefix))
        {
            errors.Add("addPrefix.prefix", "is required");
        }
        else if (!add.Prefix.StartsWith('/'))
        {
            errors.Add("addPrefix.prefix", $"'{add.Prefix}' must start with '/'");
        }

        return new AddPrefixMiddleware(name, add.Prefix ?? "/");
    }

    private static HeadersMiddleware Headers(string name, HeadersConfig headers, ErrorSink errors)
    {
        CheckNames("headers.customRequestHeaders", headers.CustomRequestHeaders, errors);
        CheckNames("headers.customResponseHeaders", headers.CustomResponseHeaders, errors);
        return new HeadersMiddleware(name, headers.CustomRequestHeaders, headers.CustomResponseHeaders);
    }

    private static void CheckNames(string field, ImmutableSortedDictionary<string, string> headers, ErrorSink errors)
    {
        foreach (var (header, value) in headers)
        {
            if (header.Length == 0 || !header.All(IsTokenChar))
            {
                errors.Add($"{field}.{header}", $"'{header}' is not a valid header name");
            }
            else if (value.Any(c => c is '\r' or '\n'))
            {
                errors.Add($"{field}.{header}", "a header value must not contain line breaks");
            }
        }
    }

    private static bool IsTokenChar(char c) =>
        char.IsAsciiLetterOrDigit(c) || "!#$%&'*+-.^_`|~".Contains(c);
}
