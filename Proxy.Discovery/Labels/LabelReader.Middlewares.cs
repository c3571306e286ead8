using Proxy.Actors.Model.Config;

namespace Proxy.Discovery.Labels;

/// <summary>Labels under <c>http.middlewares.&lt;name&gt;.&lt;type&gt;.</c>.</summary>
internal sealed partial class LabelReader
{
    private static readonly string[] RetryFields = ["attempts", "initialinterval", "retrynonidempotent", "maxbodybytes"];
    private static readonly string[] StripPrefixFields = ["prefixes"];
    private static readonly string[] AddPrefixFields = ["prefix"];
    private static readonly string[] HeadersFields = ["customrequestheaders.<name>", "customresponseheaders.<name>"];

    private void ReadMiddleware(string label, string value, string name, string[] rest)
    {
        var path = $"http.middlewares.{name}";
        if (rest.Length == 0)
        {
            Report(label, path, "missing middleware type (for example retry, stripprefix, addprefix, headers)");
            return;
        }

        var middleware = _middlewares.GetValueOrDefault(name) ?? MiddlewareConfig.None;
        var type = rest[0].ToLowerInvariant();
        var option = rest[1..];
        var optionPath = Join($"{path}.{type}", Lower(option));
        string? problem = null;
        string[]? expected = null;
        switch (type)
        {
            case "retry":
                middleware = middleware.With(ReadRetry(middleware.Get<RetryConfig>() ?? RetryConfig.Empty, option, value, out problem, out expected));
                break;
            case "stripprefix":
                var strip = middleware.Get<StripPrefixConfig>() ?? StripPrefixConfig.Empty;
                (strip, expected) = Lower(option) switch
                {
                    "" => (strip, null),
                    "prefixes" => (strip with { Prefixes = LabelValues.List(value) }, null),
                    _ => (strip, StripPrefixFields),
                };
                middleware = middleware.With(strip);
                break;
            case "addprefix":
                var add = middleware.Get<AddPrefixConfig>() ?? AddPrefixConfig.Empty;
                (add, expected) = Lower(option) switch
                {
                    "" => (add, null),
                    "prefix" => (add with { Prefix = value.Trim() }, null),
                    _ => (add, AddPrefixFields),
                };
                middleware = middleware.With(add);
                break;
            case "headers":
                middleware = middleware.With(ReadHeaders(middleware.Get<HeadersConfig>(), option, value, out expected));
                break;
            default:
                // Not an error here: the validator names unknown types with the routers that use them.
                if (!middleware.UnknownTypes.Contains(rest[0], StringComparer.OrdinalIgnoreCase))
                {
                    middleware = middleware with { UnknownTypes = middleware.UnknownTypes.Add(rest[0]) };
                }

                break;
        }

        if (expected is not null)
        {
            Unknown(label, optionPath, string.Join('.', option), expected);
            return;
        }

        if (problem is not null)
        {
            Report(label, optionPath, problem);
            return;
        }

        _middlewares[name] = middleware;
    }

    private static RetryConfig ReadRetry(RetryConfig retry, string[] option, string value, out string? problem, out string[]? expected)
    {
        problem = null;
        expected = null;
        switch (Lower(option))
        {
            case "":
                return retry;
            case "attempts":
                return LabelValues.TryInt(value, out var attempts, out var attemptsProblem) ? retry with { Attempts = attempts } : Bad(retry, attemptsProblem, out problem);
            case "initialinterval":
                return retry with { InitialInterval = value.Trim() };
            case "retrynonidempotent":
                return LabelValues.TryBool(value, out var retryAll, out var boolProblem) ? retry with { RetryNonIdempotent = retryAll } : Bad(retry, boolProblem, out problem);
            case "maxbodybytes":
                return LabelValues.TryLong(value, out var bytes, out var bytesProblem) ? retry with { MaxBodyBytes = bytes } : Bad(retry, bytesProblem, out problem);
            default:
                expected = RetryFields;
                return retry;
        }
    }

    private static HeadersConfig ReadHeaders(HeadersConfig? headers, string[] option, string value, out string[]? expected)
    {
        expected = null;
        headers ??= new HeadersConfig(HeadersEmpty, HeadersEmpty);
        if (option.Length == 0)
        {
            return headers;
        }

        // Header names keep their spelling; an empty value is meaningful (Traefik removes the header).
        switch (option[0].ToLowerInvariant())
        {
            case "customrequestheaders" when option.Length == 2:
                return headers with { CustomRequestHeaders = headers.CustomRequestHeaders.SetItem(option[1], value) };
            case "customresponseheaders" when option.Length == 2:
                return headers with { CustomResponseHeaders = headers.CustomResponseHeaders.SetItem(option[1], value) };
            default:
                expected = HeadersFields;
                return headers;
        }
    }

    private static System.Collections.Immutable.ImmutableSortedDictionary<string, string> HeadersEmpty =>
        System.Collections.Immutable.ImmutableSortedDictionary.Create<string, string>(StringComparer.Ordinal);
}
