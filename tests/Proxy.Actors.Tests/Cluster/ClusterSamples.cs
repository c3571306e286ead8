using System.Collections.Immutable;
using Proxy.Actors.Cluster;
using Proxy.Actors.Model;
using Proxy.Actors.Model.Config;
using Proxy.Actors.Tests.Model;

namespace Proxy.Actors.Tests.Cluster;

/// <summary>Cluster messages for the serializer tests: every field set, every optional field null, and a big host.</summary>
public static class ClusterSamples
{
    public static DynamicConfig EveryFieldSet() => Configs.Dynamic(
        routers:
        [
            ("shop", new RouterConfig("Host(`shop.example.com`) && PathPrefix(`/api`)", ["web", "websecure"], ["retry", "strip"], "shop-svc", -5)),
            ("empty-lists", new RouterConfig("", [], [], "", 0)),
        ],
        services:
        [
            ("shop-svc", new ServiceConfig(new LoadBalancerConfig(
                [
                    new ServerConfig("http://127.0.0.2:8080", 3, Draining: true, Source: "docker:unix:///var/run/docker.sock/web-1"),
                    new ServerConfig("http://127.0.0.3:8080", 1, Source: "docker:unix:///var/run/docker.sock/web-2"),
                    new ServerConfig("http://127.0.0.4:8080", 1, Source: "file:/etc/proxy/dynamic.yml"),
                    new ServerConfig("http://127.0.0.5:8080", 1, Source: "no-slash"),
                    new ServerConfig("http://127.0.0.6:8080", 1, Source: "ends-in-slash/"),
                    new ServerConfig("", 0),
                ],
                PassHostHeader: false,
                new HealthCheckConfig(
                    "/health", "10s", "500ms", "https", "shop.internal", 8443,
                    ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, [KeyValuePair.Create("X-Check", "1"), KeyValuePair.Create("Accept", "")]),
                    "HEAD", 204, 3, 2, "unhealthy"),
                new PassiveHealthCheckConfig(5, "30s", "1m")))),
            ("pass-host", new ServiceConfig(new LoadBalancerConfig([], true, HealthCheckConfig.Default, new PassiveHealthCheckConfig(0, "", "")))),
            ("split", ServiceConfig.Empty with
            {
                Weighted = new WeightedConfig([new WeightedServiceConfig("shop-svc", 3), new WeightedServiceConfig("web@docker", 0)], ServiceHealthCheckConfig.Empty)
                {
                    Sticky = new StickyConfig(new StickyCookieConfig("canary", true, null, "lax", -1, "/shop", "example.com")),
                },
            }),
            ("shadow", ServiceConfig.Empty with
            {
                Mirroring = new MirroringConfig("shop-svc", [new MirrorConfig("pass-host", 10)], 1_048_576L, false, ServiceHealthCheckConfig.Empty),
            }),
            ("safe", ServiceConfig.Empty with { Failover = new FailoverConfig("shop-svc", "pass-host", ServiceHealthCheckConfig.Empty) }),
        ],
        middlewares:
        [
            ("retry", MiddlewareConfig.None
                .With(new RetryConfig(4, "100ms", true, 1_000_000_000_000L))
                .With(new StripPrefixConfig(["/api", ""]))
                .With(new AddPrefixConfig("/v2"))
                .With(new HeadersConfig(
                    ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, [KeyValuePair.Create("X-Proxy", "yes")]),
                    ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, [KeyValuePair.Create("Server", "")])))
                with { UnknownTypes = ["plugin", "grpcWeb"] }),
            ("empty-parts", MiddlewareConfig.None
                .With(new RetryConfig(0, "", false, 0)).With(new StripPrefixConfig([])).With(new AddPrefixConfig("")).With(new HeadersConfig(
                    ImmutableSortedDictionary<string, string>.Empty, ImmutableSortedDictionary<string, string>.Empty))),
        ]);

    public static DynamicConfig EveryOptionalFieldNull() => Configs.Dynamic(
        routers: [("r", new RouterConfig(null, [], [], null, null))],
        services:
        [
            ("no-lb", new ServiceConfig(null)),
            ("empty-kinds", ServiceConfig.Empty with { Weighted = new WeightedConfig([], null) { Sticky = StickyConfig.Empty }, Mirroring = MirroringConfig.Empty, Failover = FailoverConfig.Empty }),
            ("lb", new ServiceConfig(new LoadBalancerConfig([new ServerConfig(null, null)], null, null, null))),
            ("checks", new ServiceConfig(new LoadBalancerConfig([], null, HealthCheckConfig.Default, new PassiveHealthCheckConfig(null, null, null)))),
        ],
        middlewares:
        [
            ("none", MiddlewareConfig.None),
            ("null-parts", MiddlewareConfig.None.With(new RetryConfig(null, null, null, null)).With(new AddPrefixConfig(null))),
        ]);

    public static ProviderSnapshot Snapshot(DynamicConfig config, bool readFailed = false) => new(
        "proxy-1@10.0.0.5:4053",
        "docker:unix:///var/run/docker.sock",
        Version: 1_234_567_890_123L,
        config,
        [new ConfigError("docker:web-7", "http.routers.web-7.rule", "unknown matcher 'Hots'"), new ConfigError("", "", "")],
        readFailed);

    /// <summary>
    /// What a Docker host running <paramref name="containers"/> web containers publishes: one
    /// router with a Host rule and one single-server service per container, as the Docker
    /// provider translates them (names like <c>web-1234-shop</c>, bridge addresses).
    /// </summary>
    public static ProviderSnapshot DockerHost(int containers)
    {
        var routers = new List<(string, RouterConfig)>(containers);
        var services = new List<(string, ServiceConfig)>(containers);
        for (var i = 0; i < containers; i++)
        {
            var name = $"web-{1000 + i}-shop";
            var address = $"http://172.18.{i / 250}.{2 + (i % 250)}:8080";
            routers.Add((name, new RouterConfig($"Host(`{name}.example.com`)", ["web"], [], name, null)));
            services.Add((name, new ServiceConfig(new LoadBalancerConfig([new ServerConfig(address, null, Source: $"docker:unix:///var/run/docker.sock/{name}")], null, null, null))));
        }

        return new ProviderSnapshot("proxy-1@10.0.0.5:4053", "docker:unix:///var/run/docker.sock", containers, Configs.Dynamic(routers, services), [], false);
    }

    public static BackendObservation Observation(int i) => new(
        "proxy-2@10.0.0.6:4053",
        $"http://172.18.{i % 4}.{2 + (i % 250)}:8080",
        (ObservedHealth)(i % 4),
        i % 2 == 0 ? "connection refused" : "",
        1_760_000_000_000L + i);
}
