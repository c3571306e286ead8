using System.Collections.Immutable;
using Proxy.Discovery.Docker;
using Xunit;
using static Proxy.Discovery.Tests.Docker.Containers;

namespace Proxy.Discovery.Tests.Docker;

public sealed class ContainerTranslatorTests
{
    private const string Src = "docker:docker-a";

    private static readonly DockerProviderOptions Defaults = DockerProviderOptions.Default;

    /// <summary>One case: containers and options in, exact configuration lines and error strings out.</summary>
    public sealed record Case(string Name, ContainerInfo[] Containers, DockerProviderOptions Options, string[] Config, string[] Errors)
    {
        public override string ToString() => Name;
    }

    private static Proxy.Discovery.Docker.Constraints.ConstraintExpression Constraint(string text) =>
        Proxy.Discovery.Docker.Constraints.ConstraintParser.TryParse(text, out var expression, out var error) ? expression : throw new ArgumentException(error);

    private static ImmutableSortedDictionary<int, HostPortBinding> Bindings(params (int Port, string HostIp, int HostPort)[] bindings) =>
        ImmutableSortedDictionary.CreateRange(bindings.Select(b => KeyValuePair.Create(b.Port, new HostPortBinding(b.HostIp, b.HostPort))));

    private static Case C(string name, ContainerInfo[] containers, string[] config, string[]? errors = null, DockerProviderOptions? options = null) =>
        new(name, containers, options ?? Defaults, config, errors ?? []);

    private static readonly string[] WebDefault =
    [
        "router web-shop: rule=Host(`web-shop`) service=web-shop",
        "service web-shop: servers=[http://172.18.0.2:80]",
    ];

    public static TheoryData<Case> Cases => new()
    {
        // Defaults: Traefik's names for a compose container with no labels of ours.
        C("compose container without labels", [Compose("web")], WebDefault),
        C("plain container is named after itself", [Compose("web") with { Name = "my_app.1", Labels = Containers.Labels([]) }],
            ["router my-app-1: rule=Host(`my-app-1`) service=my-app-1", "service my-app-1: servers=[http://172.18.0.2:80]"]),

        // Which containers are translated at all.
        C("exited container is skipped", [Compose("web") with { State = ContainerState.Exited }], []),
        C("paused container is skipped", [Compose("web") with { State = ContainerState.Paused }], []),
        C("enable=false is skipped", [Compose("web", labels: ("proxy.enable", "false"))], []),
        C("not exposed by default", [Compose("web")], [], options: Defaults with { ExposedByDefault = false }),
        C("enable=true when not exposed by default", [Compose("web", labels: ("proxy.enable", "true"))], WebDefault, options: Defaults with { ExposedByDefault = false }),

        // Docker health checks.
        C("healthy container serves", [Compose("web") with { Health = ContainerHealth.Healthy }], WebDefault),
        C("starting container is skipped", [Compose("web") with { Health = ContainerHealth.Starting }], []),
        C("unhealthy container is skipped", [Compose("web") with { Health = ContainerHealth.Unhealthy }], []),
        C("unhealthy container with AllowEmptyServices keeps an empty service",
            [Compose("web") with { Health = ContainerHealth.Unhealthy }],
            ["router web-shop: rule=Host(`web-shop`) service=web-shop", "service web-shop: servers=[]"],
            options: Defaults with { AllowEmptyServices = true }),

        // allownonrunning (Traefik v3.6): kept whatever its state and health, its services with no server.
        C("exited container with allownonrunning keeps its router and an empty service",
            [Compose("web", labels: ("proxy.docker.allownonrunning", "true")) with { State = ContainerState.Exited }],
            ["router web-shop: rule=Host(`web-shop`) service=web-shop", "service web-shop: servers=[]"]),
        C("allownonrunning=1 (Go's ParseBool, as every boolean label) keeps the exited container",
            [Compose("web", labels: ("proxy.docker.allownonrunning", "1")) with { State = ContainerState.Exited }],
            ["router web-shop: rule=Host(`web-shop`) service=web-shop", "service web-shop: servers=[]"]),
        C("paused container with allownonrunning keeps an empty service",
            [Compose("web", labels: ("proxy.docker.allownonrunning", "true")) with { State = ContainerState.Paused }],
            ["router web-shop: rule=Host(`web-shop`) service=web-shop", "service web-shop: servers=[]"]),
        C("unhealthy container with allownonrunning keeps an empty service without allowemptyservices",
            [Compose("web", labels: ("proxy.docker.allownonrunning", "true")) with { Health = ContainerHealth.Unhealthy }],
            ["router web-shop: rule=Host(`web-shop`) service=web-shop", "service web-shop: servers=[]"]),
        C("running container with allownonrunning serves as usual",
            [Compose("web", labels: ("proxy.docker.allownonrunning", "true"))], WebDefault),
        C("allownonrunning=false leaves the exited container out",
            [Compose("web", labels: ("proxy.docker.allownonrunning", "false")) with { State = ContainerState.Exited }], []),
        C("allownonrunning under another prefix is not ours",
            [Compose("web", labels: ("traefik.docker.allownonrunning", "true")) with { State = ContainerState.Exited }], []),
        C("a stopped allownonrunning container beside a running replica adds no server",
            [Compose("web", 1, "172.18.0.2", ("proxy.docker.allownonrunning", "true")) with { State = ContainerState.Exited }, Compose("web", 2, "172.18.0.3", ("proxy.docker.allownonrunning", "true"))],
            ["router web-shop: rule=Host(`web-shop`) service=web-shop", "service web-shop: servers=[http://172.18.0.3:80]"]),
        C("draining container is a draining server", [Compose("web") with { Draining = true }],
            ["router web-shop: rule=Host(`web-shop`) service=web-shop", "service web-shop: servers=[http://172.18.0.2:80(draining)]"]),

        // Routers and services named by labels.
        C("router without service uses the only service",
            [Compose("web", labels: [("proxy.http.routers.site.rule", "Host(`shop.example.com`)"), ("proxy.http.routers.site.entrypoints", "web,websecure"), ("proxy.http.services.site-svc.loadbalancer.server.port", "8080")])],
            ["router site: rule=Host(`shop.example.com`) service=site-svc entrypoints=web,websecure", "service site-svc: servers=[http://172.18.0.2:8080]"]),
        C("router without rule gets the default rule",
            [Compose("web", labels: ("proxy.http.routers.site.entrypoints", "web"))],
            ["router site: rule=Host(`web-shop`) service=web-shop entrypoints=web", "service web-shop: servers=[http://172.18.0.2:80]"]),
        C("router without service among two services is an error",
            [Compose("web", labels: [("proxy.http.routers.site.rule", "Host(`a`)"), ("proxy.http.routers.admin.rule", "Host(`b`)"), ("proxy.http.routers.admin.service", "admin"),
                ("proxy.http.services.admin.loadbalancer.server.port", "9000"), ("proxy.http.services.site.loadbalancer.server.port", "8080")])],
            ["router admin: rule=Host(`b`) service=admin", "service admin: servers=[http://172.18.0.2:9000]", "service site: servers=[http://172.18.0.2:8080]"],
            [$"{Src}/shop-web-1: http.routers.site.service: container shop-web-1: router 'site' names no service and the container defines 2 (admin, site); set label proxy.http.routers.site.service; the router is left out"]),
        C("two services and no router make no default router",
            [Compose("web", labels: [("proxy.http.services.a.loadbalancer.server.port", "8080"), ("proxy.http.services.b.loadbalancer.server.port", "9000")])],
            ["service a: servers=[http://172.18.0.2:8080]", "service b: servers=[http://172.18.0.2:9000]"],
            [$"{Src}/shop-web-1: : container shop-web-1: no default router: the container defines 2 services (a, b) and no router to choose one"]),
        C("middlewares, scheme and weight from labels",
            [Compose("api", labels: [("proxy.http.routers.api.middlewares", "retry3"), ("proxy.http.middlewares.retry3.retry.attempts", "3"),
                ("proxy.http.services.api.loadbalancer.server.scheme", "https"), ("proxy.http.services.api.loadbalancer.server.weight", "2")])],
            ["router api: rule=Host(`api-shop`) service=api middlewares=retry3", "service api: servers=[https://172.18.0.2:80(weight 2)]",
                "middleware retry3: RetryConfig { Attempts = 3, InitialInterval = , RetryNonIdempotent = , MaxBodyBytes =  }"]),

        C("h2c scheme from labels makes an h2c server",
            [Compose("api", labels: [("proxy.http.services.api.loadbalancer.server.scheme", "h2c"), ("proxy.http.services.api.loadbalancer.server.port", "50051")])],
            ["router api-shop: rule=Host(`api-shop`) service=api", "service api: servers=[h2c://172.18.0.2:50051]"]),
        C("an unknown scheme label is an error on the service",
            [Compose("api", 1, "172.18.0.3", ("proxy.http.services.s.loadbalancer.server.scheme", "grpc"))],
            [],
            [$"{Src}/shop-api-1: http.services.s.loadBalancer.server.scheme: container shop-api-1: label proxy.http.services.s.loadbalancer.server.scheme: 'grpc' must be http or https or h2c; service 's' is left out"]),

        // Ports.
        C("port label wins over exposed ports", [Compose("web", labels: ("proxy.http.services.web.loadbalancer.server.port", "3000")) with { ExposedPorts = [80, 443] }],
            ["router web-shop: rule=Host(`web-shop`) service=web", "service web: servers=[http://172.18.0.2:3000]"]),
        C("lowest exposed port", [Compose("web") with { ExposedPorts = [8443, 8080, 9090] }],
            ["router web-shop: rule=Host(`web-shop`) service=web-shop", "service web-shop: servers=[http://172.18.0.2:8080]"]),
        C("no port is an error", [Compose("web") with { ExposedPorts = [] }], [],
            [$"{Src}/shop-web-1: http.services.web-shop.loadbalancer.server.port: container shop-web-1: service 'web-shop': no port: the container exposes none; set label proxy.http.services.web-shop.loadbalancer.server.port; the container is left out"]),
        C("server url is used as written", [Compose("web", labels: ("proxy.http.services.web.loadbalancer.server.url", "http://10.1.2.3:81/"))],
            ["router web-shop: rule=Host(`web-shop`) service=web", "service web: servers=[http://10.1.2.3:81/]"]),
        C("server url with port is an error",
            [Compose("web", labels: [("proxy.http.services.web.loadbalancer.server.url", "http://10.1.2.3:81/"), ("proxy.http.services.web.loadbalancer.server.port", "80")])], [],
            [$"{Src}/shop-web-1: http.services.web.loadbalancer.server.url: container shop-web-1: service 'web': server.url cannot be combined with server.port or server.scheme; the container is left out"]),

        // Addresses.
        C("host networking uses the host address", [HostNetwork("nginx", ("proxy.http.services.nginx.loadbalancer.server.port", "8081"))],
            ["router nginx: rule=Host(`nginx`) service=nginx", "service nginx: servers=[http://127.0.0.5:8081]"],
            options: Defaults with { HostNetworkAddress = "127.0.0.5" }),
        C("first network by name", [Compose("web") with { Networks = Networks(("zeta", "10.0.9.9"), ("alpha", "10.0.1.1")) }],
            ["router web-shop: rule=Host(`web-shop`) service=web-shop", "service web-shop: servers=[http://10.0.1.1:80]"]),
        C("network option picks the network", [Compose("web") with { Networks = Networks(("alpha", "10.0.1.1"), ("front", "10.0.2.2")) }],
            ["router web-shop: rule=Host(`web-shop`) service=web-shop", "service web-shop: servers=[http://10.0.2.2:80]"],
            options: Defaults with { Network = "front" }),
        C("network label overrides the option", [Compose("web", labels: ("proxy.docker.network", "alpha")) with { Networks = Networks(("alpha", "10.0.1.1"), ("front", "10.0.2.2")) }],
            ["router web-shop: rule=Host(`web-shop`) service=web-shop", "service web-shop: servers=[http://10.0.1.1:80]"],
            options: Defaults with { Network = "front" }),
        C("not on the chosen network is an error", [Compose("web")], [],
            [$"{Src}/shop-web-1: http.services.web-shop.loadbalancer.server: container shop-web-1: service 'web-shop': no address: the container is not on network 'front' (it is on: shop_default); the container is left out"],
            options: Defaults with { Network = "front" }),
        C("no address is an error", [Compose("web") with { NetworkMode = "none", Networks = Networks() }], [],
            [$"{Src}/shop-web-1: http.services.web-shop.loadbalancer.server: container shop-web-1: service 'web-shop': no address: the container has no IP address (network mode 'none'); the container is left out"]),
        C("IPv6 address is bracketed", [Compose("web", ip: "fd00::2")],
            ["router web-shop: rule=Host(`web-shop`) service=web-shop", "service web-shop: servers=[http://[fd00::2]:80]"]),

        // usebindportip (Traefik's): a binding on a named address wins; a wildcard one or none falls back on the container's address.
        C("usebindportip uses the port's host binding", [Compose("web") with { PortBindings = Bindings((80, "127.0.0.7", 8081)) }],
            ["router web-shop: rule=Host(`web-shop`) service=web-shop", "service web-shop: servers=[http://127.0.0.7:8081]"],
            options: Defaults with { UseBindPortIp = true }),
        C("usebindportip binds the port the label names", [Compose("web", labels: ("proxy.http.services.web.loadbalancer.server.port", "443")) with { ExposedPorts = [80, 443], PortBindings = Bindings((80, "127.0.0.7", 8080), (443, "127.0.0.7", 8443)) }],
            ["router web-shop: rule=Host(`web-shop`) service=web", "service web: servers=[http://127.0.0.7:8443]"],
            options: Defaults with { UseBindPortIp = true }),
        C("usebindportip with a wildcard binding falls back", [Compose("web") with { PortBindings = Bindings((80, "0.0.0.0", 8081)) }],
            ["router web-shop: rule=Host(`web-shop`) service=web-shop", "service web-shop: servers=[http://172.18.0.2:80]"],
            options: Defaults with { UseBindPortIp = true }),
        C("usebindportip without a binding falls back", [Compose("web")],
            ["router web-shop: rule=Host(`web-shop`) service=web-shop", "service web-shop: servers=[http://172.18.0.2:80]"],
            options: Defaults with { UseBindPortIp = true }),
        C("a binding is ignored without usebindportip", [Compose("web") with { PortBindings = Bindings((80, "127.0.0.7", 8081)) }],
            ["router web-shop: rule=Host(`web-shop`) service=web-shop", "service web-shop: servers=[http://172.18.0.2:80]"]),

        // Constraints: the container's whole labels, after enable.
        C("a container the constraints match is routed", [Compose("web", labels: ("team", "shop"))],
            ["router web-shop: rule=Host(`web-shop`) service=web-shop", "service web-shop: servers=[http://172.18.0.2:80]"],
            options: Defaults with { Constraints = Constraint("Label(`team`, `shop`)") }),
        C("a container the constraints do not match is left out silently", [Compose("web", labels: ("team", "blog")), Compose("api", labels: ("team", "shop"))],
            ["router api-shop: rule=Host(`api-shop`) service=api-shop", "service api-shop: servers=[http://172.18.0.2:80]"],
            options: Defaults with { Constraints = Constraint("Label(`team`, `shop`)") }),
        C("constraints on compose labels", [Compose("web"), Compose("db")],
            ["router web-shop: rule=Host(`web-shop`) service=web-shop", "service web-shop: servers=[http://172.18.0.2:80]"],
            options: Defaults with { Constraints = Constraint("LabelRegex(`com.docker.compose.service`, `^web$`) && !Label(`com.docker.compose.service`, `db`)") }),
        C("constraints do not override enable=false", [Compose("web", labels: [("team", "shop"), ("proxy.enable", "false")])],
            [],
            options: Defaults with { Constraints = Constraint("Label(`team`, `shop`)") }),

        // Several containers.
        C("two replicas are two servers of one service", [Compose("web", 1, "172.18.0.2"), Compose("web", 2, "172.18.0.3")],
            ["router web-shop: rule=Host(`web-shop`) service=web-shop", "service web-shop: servers=[http://172.18.0.2:80 http://172.18.0.3:80]"]),
        C("blue and green name the same service",
            [Compose("blue", 1, "172.18.0.4", ("proxy.http.services.app.loadbalancer.server.port", "8080"), ("proxy.http.routers.app.rule", "Host(`app`)")),
             Compose("green", 1, "172.18.0.5", ("proxy.http.services.app.loadbalancer.server.port", "8080"), ("proxy.http.routers.app.rule", "Host(`app`)"))],
            ["router app: rule=Host(`app`) service=app", "service app: servers=[http://172.18.0.4:8080 http://172.18.0.5:8080]"]),
        C("service settings that differ are an error naming both",
            [Compose("blue", 1, "172.18.0.4", ("proxy.http.services.app.loadbalancer.passhostheader", "false"), ("proxy.http.routers.app.rule", "Host(`app`)")),
             Compose("green", 1, "172.18.0.5", ("proxy.http.services.app.loadbalancer.healthcheck.path", "/health"), ("proxy.http.routers.app.rule", "Host(`app`)"))],
            ["router app: rule=Host(`app`) service=app"],
            [$"{Src}/shop-blue-1: http.services.app: service 'app' is defined differently by containers shop-blue-1 and shop-green-1: healthcheck and passhostheader differ; the service is left out"]),
        C("two replicas with one strategy are two servers of one service",
            [Compose("web", 1, "172.18.0.2", ("proxy.http.services.web.loadbalancer.strategy", "p2c")),
             Compose("web", 2, "172.18.0.3", ("proxy.http.services.web.loadbalancer.strategy", "p2c"))],
            ["router web-shop: rule=Host(`web-shop`) service=web", "service web: servers=[http://172.18.0.2:80 http://172.18.0.3:80] strategy=p2c"]),
        C("replicas that disagree on the strategy are an error naming both",
            [Compose("web", 1, "172.18.0.2", ("proxy.http.services.web.loadbalancer.strategy", "p2c")),
             Compose("web", 2, "172.18.0.3", ("proxy.http.services.web.loadbalancer.strategy", "hrw"))],
            ["router web-shop: rule=Host(`web-shop`) service=web"],
            [$"{Src}/shop-web-1: http.services.web: service 'web' is defined differently by containers shop-web-1 and shop-web-2: strategy differs; the service is left out"]),
        // Its value is checked by the validator, as every declared check is (ConfigValidatorTests).
        C("a strategy label is read as written",
            [Compose("api", 1, "172.18.0.3", ("proxy.http.services.s.loadbalancer.strategy", "leasttime"))],
            ["router api-shop: rule=Host(`api-shop`) service=s", "service s: servers=[http://172.18.0.3:80] strategy=leasttime"]),
        C("routers that differ are an error naming both",
            [Compose("blue", 1, "172.18.0.4", ("proxy.http.services.app.loadbalancer.server.port", "80"), ("proxy.http.routers.app.rule", "Host(`blue`)")),
             Compose("green", 1, "172.18.0.5", ("proxy.http.services.app.loadbalancer.server.port", "80"), ("proxy.http.routers.app.rule", "Host(`green`)"))],
            ["service app: servers=[http://172.18.0.4:80 http://172.18.0.5:80]"],
            [$"{Src}/shop-blue-1: http.routers.app: router 'app' is defined differently by containers shop-blue-1 and shop-green-1; the router is left out"]),
        C("middlewares that differ are an error naming both",
            [Compose("web", 1, "172.18.0.2", ("proxy.http.middlewares.strip.stripprefix.prefixes", "/a")),
             Compose("api", 1, "172.18.0.3", ("proxy.http.middlewares.strip.stripprefix.prefixes", "/b"))],
            ["router api-shop: rule=Host(`api-shop`) service=api-shop", "router web-shop: rule=Host(`web-shop`) service=web-shop",
                "service api-shop: servers=[http://172.18.0.3:80]", "service web-shop: servers=[http://172.18.0.2:80]"],
            [$"{Src}/shop-api-1: http.middlewares.strip: middleware 'strip' is defined differently by containers shop-api-1 and shop-web-1; the middleware is left out"]),
        C("conflicts across hosts name the hosts",
            [Compose("web", 1, "172.18.0.2", ("proxy.http.routers.r.rule", "Host(`a`)")) with { Host = "docker-b" },
             Compose("web", 1, "172.18.0.2", ("proxy.http.routers.r.rule", "Host(`b`)"))],
            ["service web-shop: servers=[http://172.18.0.2:80 http://172.18.0.2:80]"],
            [$"{Src}/shop-web-1: http.routers.r: router 'r' is defined differently by containers docker-a/shop-web-1 and docker-b/shop-web-1; the router is left out"]),
        C("a container with a bad label outside any object is left out and the others serve",
            [Compose("web"), Compose("api", 1, "172.18.0.3", ("proxy.enable", "maybe"), ("proxy.enabled", "true"), ("proxy.http.routers.a.rule", "Host(`a`)"))],
            WebDefault,
            [
                $"{Src}/shop-api-1: enable: container shop-api-1: label proxy.enable: expected true or false, got 'maybe'; the container is left out",
                $"{Src}/shop-api-1: enabled: container shop-api-1: label proxy.enabled: unknown or unsupported field 'enabled', did you mean 'enable'? (expected one of: enable, docker, http); the container is left out",
            ]),
        C("a bad router label leaves out that router and the container's other router serves",
            [Compose("web"), Compose("api", 1, "172.18.0.3", ("proxy.http.routers.a.rul", "Host(`a`)"), ("proxy.http.routers.a.priority", "abc"), ("proxy.http.routers.b.rule", "Host(`b`)"))],
            ["router b: rule=Host(`b`) service=api-shop", "router web-shop: rule=Host(`web-shop`) service=web-shop",
                "service api-shop: servers=[http://172.18.0.3:80]", "service web-shop: servers=[http://172.18.0.2:80]"],
            [
                $"{Src}/shop-api-1: http.routers.a.priority: container shop-api-1: label proxy.http.routers.a.priority: expected an integer, got 'abc'; router 'a' is left out",
                $"{Src}/shop-api-1: http.routers.a.rul: container shop-api-1: label proxy.http.routers.a.rul: unknown or unsupported field 'rul', did you mean 'rule'? (expected one of: rule, entryPoints, middlewares, service, priority, tls); router 'a' is left out",
            ]),
        C("a router left out for a bad label gets no default router in its place",
            [Compose("api", 1, "172.18.0.3", ("proxy.http.routers.a.priority", "abc"))],
            ["service api-shop: servers=[http://172.18.0.3:80]"],
            [$"{Src}/shop-api-1: http.routers.a.priority: container shop-api-1: label proxy.http.routers.a.priority: expected an integer, got 'abc'; router 'a' is left out"]),
        C("a service left out for a bad label gets no default service in its place",
            [Compose("api", 1, "172.18.0.3", ("proxy.http.services.s.loadbalancer.server.port", "0"))],
            [],
            [$"{Src}/shop-api-1: http.services.s.loadBalancer.server.port: container shop-api-1: label proxy.http.services.s.loadbalancer.server.port: 0 is not a port number (1-65535); service 's' is left out"]),
        C("a bad middleware label leaves out the middleware; the router naming it is left for the validator",
            [Compose("api", 1, "172.18.0.3", ("proxy.http.routers.api.middlewares", "strip"), ("proxy.http.middlewares.strip.stripprefix.prefixes[1]", "/a"))],
            ["router api: rule=Host(`api-shop`) service=api-shop middlewares=strip", "service api-shop: servers=[http://172.18.0.3:80]"],
            [$"{Src}/shop-api-1: http.middlewares.strip.stripPrefix.prefixes: container shop-api-1: label proxy.http.middlewares.strip.stripprefix.prefixes[1]: has item [1] (label proxy.http.middlewares.strip.stripprefix.prefixes[1]) but no item [0]; list indices count from 0 without a gap; middleware 'strip' is left out"]),

        // Default rule templates.
        C("template with a label and the container name",
            [Compose("web")],
            ["router web-shop: rule=Host(`web.example.com`) || Host(`shop-web-1.local`) service=web-shop", "service web-shop: servers=[http://172.18.0.2:80]"],
            options: Defaults with { DefaultRule = "Host(`{{ index .Labels \"com.docker.compose.service\" }}.example.com`) || Host(`{{ .ContainerName }}.local`)" }),
        C("template with an unsupported action",
            [Compose("web")],
            ["service web-shop: servers=[http://172.18.0.2:80]"],
            [$"{Src}/shop-web-1: http.routers.web-shop.rule: container shop-web-1: router 'web-shop': default rule: unsupported template action '{{{{ .Domain }}}}' (supported: .Name, .ContainerName, index .Labels \"key\", each optionally after normalize); the router is left out"],
            options: Defaults with { DefaultRule = "Host(`{{ .Domain }}`)" }),
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Translate_Case_GivesExactConfigAndErrors(Case test)
    {
        var result = ContainerTranslator.Translate(test.Containers, test.Options);

        Assert.Equal(test.Config, ConfigText.Lines(result.Config));
        Assert.Equal(test.Errors, result.Errors.Select(e => e.ToString()).ToArray());
    }

    [Fact]
    public void Translate_ContainersInAnyOrder_GivesTheSameResult()
    {
        ContainerInfo[] containers = [Compose("web", 2, "172.18.0.3"), HostNetwork("nginx", ("proxy.http.services.x.loadbalancer.server.port", "81")), Compose("web", 1, "172.18.0.2")];

        var forward = ContainerTranslator.Translate(containers, Defaults);
        var backward = ContainerTranslator.Translate(containers.Reverse(), Defaults);

        Assert.Equal(ConfigText.Lines(forward.Config), ConfigText.Lines(backward.Config));
        Assert.Contains("service web-shop: servers=[http://172.18.0.2:80 http://172.18.0.3:80]", ConfigText.Lines(forward.Config));
    }

    /// <summary>A Traefik compose file's labels, as written for Traefik (whoami behind a path prefix, with retries).</summary>
    private static readonly (string, string)[] TraefikLabels =
    [
        ("traefik.enable", "true"),
        ("traefik.http.routers.whoami.rule", "Host(`whoami.example.com`) && PathPrefix(`/api`)"),
        ("traefik.http.routers.whoami.entrypoints", "web"),
        ("traefik.http.routers.whoami.middlewares", "whoami-strip,whoami-retry"),
        ("traefik.http.middlewares.whoami-strip.stripprefix.prefixes", "/api"),
        ("traefik.http.middlewares.whoami-retry.retry.attempts", "4"),
        ("traefik.http.middlewares.whoami-retry.retry.initialInterval", "100ms"),
        ("traefik.http.services.whoami.loadbalancer.server.port", "8000"),
        ("traefik.http.services.whoami.loadbalancer.healthcheck.path", "/health"),
        ("traefik.http.services.whoami.loadbalancer.healthcheck.interval", "10s"),
        ("traefik.docker.network", "shop_default"),
    ];

    [Fact]
    public void Translate_TraefikLabelsWithTraefikPrefix_WorkUnchanged()
    {
        var result = ContainerTranslator.Translate([Compose("whoami", labels: TraefikLabels)], Defaults with { LabelPrefix = "traefik", ExposedByDefault = false });

        Assert.Empty(result.Errors.ToArray());
        Assert.Equal(
            [
                "router whoami: rule=Host(`whoami.example.com`) && PathPrefix(`/api`) service=whoami entrypoints=web middlewares=whoami-strip,whoami-retry",
                "service whoami: servers=[http://172.18.0.2:8000] healthcheck=HealthCheckConfig { Path = /health, Interval = 10s, Timeout = , Scheme = , Hostname = , Port = , Headers = System.Collections.Immutable.ImmutableSortedDictionary`2[System.String,System.String], Method = , Status = , FailureThreshold = , SuccessThreshold = , InitialState =  } headers={}",
                "middleware whoami-retry: RetryConfig { Attempts = 4, InitialInterval = 100ms, RetryNonIdempotent = , MaxBodyBytes =  }",
                "middleware whoami-strip: StripPrefix [/api]",
            ],
            ConfigText.Lines(result.Config));
    }

    [Fact]
    public void Translate_TraefikLabelsWithDefaultPrefix_AreIgnored()
    {
        var result = ContainerTranslator.Translate([Compose("whoami", labels: TraefikLabels)], Defaults);

        Assert.Empty(result.Errors.ToArray());
        Assert.Equal(
            ["router whoami-shop: rule=Host(`whoami-shop`) service=whoami-shop", "service whoami-shop: servers=[http://172.18.0.2:80]"],
            ConfigText.Lines(result.Config));
    }
}
