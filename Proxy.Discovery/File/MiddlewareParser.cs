using System.Collections.Immutable;
using Proxy.Actors.Model.Config;
using YamlDotNet.RepresentationModel;

namespace Proxy.Discovery.File;

/// <summary>
/// Reads one <c>http.middlewares.&lt;name&gt;</c> entry; null when anything in it is wrong.
/// A middleware type we do not implement is not a parse error: its name goes into
/// <see cref="MiddlewareConfig.UnknownTypes"/> and the validator reports it with the routers that use it.
/// </summary>
internal static class MiddlewareParser
{
    public static MiddlewareConfig? Parse(YamlNode node, string path, ErrorScope errors)
    {
        if (YamlFields.Open(node, path, errors) is not { } fields)
        {
            return null;
        }

        var middleware = MiddlewareConfig.None;
        var unknown = ImmutableArray.CreateBuilder<string>();
        foreach (var (type, _, value) in fields.All())
        {
            // Type names match case-insensitively, like every other Traefik key (see YamlFields).
            switch (type.ToLowerInvariant())
            {
                case "retry":
                    middleware = Body(fields, type, value, ParseRetry) is { } retry ? middleware.With(retry) : middleware;
                    break;
                case "stripprefix":
                    middleware = Body(fields, type, value, ParseStripPrefix) is { } stripprefix ? middleware.With(stripprefix) : middleware;
                    break;
                case "addprefix":
                    middleware = Body(fields, type, value, ParseAddPrefix) is { } addprefix ? middleware.With(addprefix) : middleware;
                    break;
                case "headers":
                    middleware = Body(fields, type, value, ParseHeaders) is { } headers ? middleware.With(headers) : middleware;
                    break;
                default:
                    unknown.Add(type);
                    break;
            }
        }

        return errors.HasErrors ? null : middleware with { UnknownTypes = unknown.ToImmutable() };
    }

    private static T? Body<T>(YamlFields middleware, string type, YamlNode value, Func<YamlFields, T> parse)
        where T : class =>
        middleware.Nested(value, middleware.Child(type)) is { } body ? parse(body) : null;

    private static RetryConfig ParseRetry(YamlFields fields)
    {
        var retry = new RetryConfig(
            Attempts: fields.Int("attempts"),
            InitialInterval: fields.String("initialInterval"),
            RetryNonIdempotent: fields.Bool("retryNonIdempotent"),
            MaxBodyBytes: fields.Long("maxBodyBytes"));
        fields.RejectUnknown();
        return retry;
    }

    private static StripPrefixConfig ParseStripPrefix(YamlFields fields)
    {
        var stripPrefix = new StripPrefixConfig(fields.StringList("prefixes"));
        fields.RejectUnknown();
        return stripPrefix;
    }

    private static AddPrefixConfig ParseAddPrefix(YamlFields fields)
    {
        var addPrefix = new AddPrefixConfig(fields.String("prefix"));
        fields.RejectUnknown();
        return addPrefix;
    }

    private static HeadersConfig ParseHeaders(YamlFields fields)
    {
        var headers = new HeadersConfig(
            CustomRequestHeaders: fields.StringMap("customRequestHeaders"),
            CustomResponseHeaders: fields.StringMap("customResponseHeaders"));
        fields.RejectUnknown();
        return headers;
    }
}
