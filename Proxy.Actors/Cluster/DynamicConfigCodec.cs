using Proxy.Actors.Model.Config;

namespace Proxy.Actors.Cluster;

/// <summary>
/// Writes and reads every field of <see cref="DynamicConfig"/> and its nested records, in
/// declaration order. A field added to a config record must be added here and the format
/// version in <see cref="ProxySerializer"/> raised: the round-trip test with every field set
/// fails until it is.
/// </summary>
internal static class DynamicConfigCodec
{
    public static void Write(BinaryWriter w, DynamicConfig config)
    {
        var sources = SourcePrefixes.Write(w, config);
        w.WriteMap(config.Routers, WriteRouter);
        w.WriteMap(config.Services, (w, service) => WriteService(w, service, sources));
        w.WriteMap(config.Middlewares, WriteMiddleware);
    }

    public static DynamicConfig Read(BinaryReader r)
    {
        var sources = SourcePrefixes.Read(r);
        return new(r.ReadMap(ReadRouter), r.ReadMap(r => ReadService(r, sources)), r.ReadMap(ReadMiddleware));
    }

    private static void WriteRouter(BinaryWriter w, RouterConfig router)
    {
        w.WriteNullable(router.Rule);
        w.WriteStrings(router.EntryPoints);
        w.WriteStrings(router.Middlewares);
        w.WriteNullable(router.Service);
        w.WriteNullable(router.Priority);
    }

    private static RouterConfig ReadRouter(BinaryReader r) =>
        new(r.ReadNullableString(), r.ReadStrings(), r.ReadStrings(), r.ReadNullableString(), r.ReadNullableInt());

    private static void WriteService(BinaryWriter w, ServiceConfig service, SourcePrefixes sources) =>
        w.WriteOptional(service.LoadBalancer, (w, lb) => WriteLoadBalancer(w, lb, sources));

    private static ServiceConfig ReadService(BinaryReader r, SourcePrefixes sources) =>
        new(r.ReadOptional(r => ReadLoadBalancer(r, sources)));

    private static void WriteLoadBalancer(BinaryWriter w, LoadBalancerConfig lb, SourcePrefixes sources)
    {
        w.WriteArray(lb.Servers, (w, server) => WriteServer(w, server, sources));
        w.WriteNullable(lb.PassHostHeader);
        w.WriteOptional(lb.HealthCheck, WriteHealthCheck);
        w.WriteOptional(lb.PassiveHealthCheck, WritePassive);
    }

    private static LoadBalancerConfig ReadLoadBalancer(BinaryReader r, SourcePrefixes sources) =>
        new(r.ReadArray(r => ReadServer(r, sources)), r.ReadNullableBool(), r.ReadOptional(ReadHealthCheck), r.ReadOptional(ReadPassive));

    private static void WriteServer(BinaryWriter w, ServerConfig server, SourcePrefixes sources)
    {
        w.WriteNullable(server.Url);
        w.WriteNullable(server.Weight);
        w.Write(server.Draining);
        sources.WriteSource(w, server.Source);
    }

    private static ServerConfig ReadServer(BinaryReader r, SourcePrefixes sources) =>
        new(r.ReadNullableString(), r.ReadNullableInt(), r.ReadBoolean(), sources.ReadSource(r));

    private static void WriteHealthCheck(BinaryWriter w, HealthCheckConfig check)
    {
        w.WriteNullable(check.Path);
        w.WriteNullable(check.Interval);
        w.WriteNullable(check.Timeout);
        w.WriteNullable(check.Scheme);
        w.WriteNullable(check.Hostname);
        w.WriteNullable(check.Port);
        w.WriteStringMap(check.Headers);
        w.WriteNullable(check.Method);
        w.WriteNullable(check.Status);
        w.WriteNullable(check.FailureThreshold);
        w.WriteNullable(check.SuccessThreshold);
        w.WriteNullable(check.InitialState);
    }

    private static HealthCheckConfig ReadHealthCheck(BinaryReader r) =>
        new(
            Path: r.ReadNullableString(),
            Interval: r.ReadNullableString(),
            Timeout: r.ReadNullableString(),
            Scheme: r.ReadNullableString(),
            Hostname: r.ReadNullableString(),
            Port: r.ReadNullableInt(),
            Headers: r.ReadStringMap(),
            Method: r.ReadNullableString(),
            Status: r.ReadNullableInt(),
            FailureThreshold: r.ReadNullableInt(),
            SuccessThreshold: r.ReadNullableInt(),
            InitialState: r.ReadNullableString());

    private static void WritePassive(BinaryWriter w, PassiveHealthCheckConfig passive)
    {
        w.WriteNullable(passive.MaxFailedAttempts);
        w.WriteNullable(passive.FailureWindow);
        w.WriteNullable(passive.Cooldown);
    }

    private static PassiveHealthCheckConfig ReadPassive(BinaryReader r) =>
        new(r.ReadNullableInt(), r.ReadNullableString(), r.ReadNullableString());

    private static void WriteMiddleware(BinaryWriter w, MiddlewareConfig middleware)
    {
        w.WriteOptional(middleware.Get<RetryConfig>(), WriteRetry);
        w.WriteOptional(middleware.Get<StripPrefixConfig>(), static (w, s) => w.WriteStrings(s.Prefixes));
        w.WriteOptional(middleware.Get<AddPrefixConfig>(), static (w, a) => w.WriteNullable(a.Prefix));
        w.WriteOptional(middleware.Get<HeadersConfig>(), WriteHeaders);
        w.WriteStrings(middleware.UnknownTypes);
    }

    private static MiddlewareConfig ReadMiddleware(BinaryReader r)
    {
        IMiddlewareConfig?[] types =
        [
            r.ReadOptional(ReadRetry),
            r.ReadOptional(static r => new StripPrefixConfig(r.ReadStrings())),
            r.ReadOptional(static r => new AddPrefixConfig(r.ReadNullableString())),
            r.ReadOptional(static r => new HeadersConfig(r.ReadStringMap(), r.ReadStringMap())),
        ];
        var middleware = MiddlewareConfig.None with { UnknownTypes = r.ReadStrings() };
        return types.OfType<IMiddlewareConfig>().Aggregate(middleware, (m, options) => m.With(options));
    }

    private static void WriteRetry(BinaryWriter w, RetryConfig retry)
    {
        w.WriteNullable(retry.Attempts);
        w.WriteNullable(retry.InitialInterval);
        w.WriteNullable(retry.RetryNonIdempotent);
        w.WriteNullable(retry.MaxBodyBytes);
    }

    private static RetryConfig ReadRetry(BinaryReader r) =>
        new(r.ReadNullableInt(), r.ReadNullableString(), r.ReadNullableBool(), r.ReadNullableLong());

    private static void WriteHeaders(BinaryWriter w, HeadersConfig headers)
    {
        w.WriteStringMap(headers.CustomRequestHeaders);
        w.WriteStringMap(headers.CustomResponseHeaders);
    }
}
