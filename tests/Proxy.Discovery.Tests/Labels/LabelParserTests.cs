using Proxy.Actors.Model.Config;
using Proxy.Discovery.Labels;
using Proxy.Discovery.Tests.Docker;
using Xunit;

namespace Proxy.Discovery.Tests.Labels;

public sealed class LabelParserTests
{
    private static LabelParseResult Parse(string prefix, params (string Key, string Value)[] labels) =>
        LabelParser.Parse(Containers.Labels(labels), prefix);

    [Fact]
    public void Parse_EveryField_ReadsIntoConfig()
    {
        var result = Parse(
            "proxy",
            ("proxy.enable", "true"),
            ("proxy.docker.network", "front"),
            ("proxy.http.routers.api.rule", "Host(`api.example.com`) && PathPrefix(`/v1`)"),
            ("proxy.http.routers.api.entrypoints", "web, websecure,"),
            ("proxy.http.routers.api.middlewares", "strip-v1,retry-twice"),
            ("proxy.http.routers.api.service", "api"),
            ("proxy.http.routers.api.priority", "10"),
            ("proxy.http.services.api.loadbalancer.server.port", "8080"),
            ("proxy.http.services.api.loadbalancer.server.scheme", "h2c"),
            ("proxy.http.services.api.loadbalancer.server.weight", "3"),
            ("proxy.http.services.api.loadbalancer.passhostheader", "false"),
            ("proxy.http.services.api.loadbalancer.strategy", "p2c"),
            ("proxy.http.services.api.loadbalancer.healthcheck.path", "/health"),
            ("proxy.http.services.api.loadbalancer.healthcheck.interval", "10s"),
            ("proxy.http.services.api.loadbalancer.healthcheck.timeout", "3s"),
            ("proxy.http.services.api.loadbalancer.healthcheck.scheme", "https"),
            ("proxy.http.services.api.loadbalancer.healthcheck.hostname", "api.internal"),
            ("proxy.http.services.api.loadbalancer.healthcheck.port", "8443"),
            ("proxy.http.services.api.loadbalancer.healthcheck.method", "HEAD"),
            ("proxy.http.services.api.loadbalancer.healthcheck.status", "204"),
            ("proxy.http.services.api.loadbalancer.healthcheck.headers.X-Probe", "1"),
            ("proxy.http.services.api.loadbalancer.healthcheck.failurethreshold", "3"),
            ("proxy.http.services.api.loadbalancer.healthcheck.successthreshold", "2"),
            ("proxy.http.services.api.loadbalancer.healthcheck.initialstate", "unhealthy"),
            ("proxy.http.services.api.loadbalancer.passivehealthcheck.maxfailedattempts", "5"),
            ("proxy.http.services.api.loadbalancer.passivehealthcheck.failurewindow", "30s"),
            ("proxy.http.services.api.loadbalancer.passivehealthcheck.cooldown", "1m"),
            ("proxy.http.middlewares.retry-twice.retry.attempts", "2"),
            ("proxy.http.middlewares.retry-twice.retry.initialinterval", "100ms"),
            ("proxy.http.middlewares.retry-twice.retry.retrynonidempotent", "true"),
            ("proxy.http.middlewares.retry-twice.retry.maxbodybytes", "65536"),
            ("proxy.http.middlewares.strip-v1.stripprefix.prefixes", "/v1,/v2"),
            ("proxy.http.middlewares.add-api.addprefix.prefix", "/api"),
            ("proxy.http.middlewares.tag.headers.customrequestheaders.X-Proxy", "proxy"),
            ("proxy.http.middlewares.tag.headers.customrequestheaders.X-Remove", ""),
            ("proxy.http.middlewares.tag.headers.customresponseheaders.X-Served-By", "proxy"),
            ("proxy.http.middlewares.limit.ratelimit.average", "100"),
            ("com.docker.compose.service", "api"));

        Assert.Equal(Array.Empty<LabelProblem>(), result.Problems.ToArray());
        Assert.True(result.Config.Enable);
        Assert.Equal("front", result.Config.Network);
        Assert.Equal(new ServerLabels(8080, "h2c", new ServerConfig(null, 3)), result.Config.Servers["api"]);
        Assert.Equal(
            [
                "router api: rule=Host(`api.example.com`) && PathPrefix(`/v1`) service=api entrypoints=web,websecure middlewares=strip-v1,retry-twice priority=10",
                "service api: servers=[] strategy=p2c passhostheader=False healthcheck=HealthCheckConfig { Path = /health, Interval = 10s, Timeout = 3s, Scheme = https, Hostname = api.internal, Port = 8443, Headers = System.Collections.Immutable.ImmutableSortedDictionary`2[System.String,System.String], Method = HEAD, Status = 204, FailureThreshold = 3, SuccessThreshold = 2, InitialState = unhealthy } headers={X-Probe=1} passive=PassiveHealthCheckConfig { MaxFailedAttempts = 5, FailureWindow = 30s, Cooldown = 1m }",
                "middleware add-api: AddPrefixConfig { Prefix = /api }",
                "middleware limit: RateLimit average=100 burst= scope=",
                "middleware retry-twice: RetryConfig { Attempts = 2, InitialInterval = 100ms, RetryNonIdempotent = True, MaxBodyBytes = 65536 }",
                "middleware strip-v1: StripPrefix [/v1,/v2]",
                "middleware tag: Headers request={X-Proxy=proxy,X-Remove=} response={X-Served-By=proxy}",
            ],
            ConfigText.Lines(result.Config.Config));
    }

    /// <summary>
    /// One bad label each: the label, the path (field names as declared, the same as YAML's), the problem,
    /// and whether it costs the whole container (a label outside any router, service or middleware) rather
    /// than the object it is in, which the message then names.
    /// </summary>
    public static TheoryData<string, string, string, string, bool> BadLabels => new()
    {
        { "proxy.http.routers.a.rul", "x", "http.routers.a.rul", "unknown or unsupported field 'rul', did you mean 'rule'? (expected one of: rule, entryPoints, middlewares, service, priority, tls); router 'a' is left out", false },
        { "proxy.http.routers.a", "x", "http.routers.a", "expected a mapping, got 'x' (fields: rule, entryPoints, middlewares, service, priority, tls); router 'a' is left out", false },
        { "proxy.http.routers.a.priority", "abc", "http.routers.a.priority", "expected an integer, got 'abc'; router 'a' is left out", false },
        { "proxy.http.routers.a.tls.certresolvr", "le", "http.routers.a.tls.certresolvr", "unknown or unsupported field 'certresolvr', did you mean 'certResolver'? (expected one of: certResolver, domains, options); router 'a' is left out", false },
        { "proxy.http.routers.a.tls", "maybe", "http.routers.a.tls", "expected a mapping, got 'maybe' (fields: certResolver, domains, options); router 'a' is left out", false },
        { "proxy.tls.options.o.minversion", "VersionTLS12", "tls", "'tls' cannot be given by labels (certificates, stores and options come from the file provider)", true },
        { "proxy.enable", "maybe", "enable", "expected true or false, got 'maybe'", true },
        { "proxy.enabled", "true", "enabled", "unknown or unsupported field 'enabled', did you mean 'enable'? (expected one of: enable, docker, http)", true },
        { "proxy.http.servics.a.loadbalancer.server.port", "80", "http.servics", "'servics' is not supported (only routers, services, middlewares and serversTransports are; did you mean 'services'?)", true },
        { "proxy.http.serverstransports.t.rootcas", "/etc/ssl/private/ca.pem", "http.serversTransports", "serversTransports cannot be declared by labels (they name certificate and key files on the node): declare it in the file provider and name it as '<name>@file'", true },
        { "proxy.tcp.routers.a.rule", "HostSNI(`*`)", "tcp", "'tcp' configuration is not supported (only http is)", true },
        { "proxy.http..rule", "x", "http", "expected a field name, got an empty part (two dots in a row, or a dot at the end)", true },
        { "proxy.http.services.s.loadbalancer.server.port", "0", "http.services.s.loadBalancer.server.port", "0 is not a port number (1-65535); service 's' is left out", false },
        { "proxy.http.services.s.loadbalancer.server.port", "http", "http.services.s.loadBalancer.server.port", "expected an integer, got 'http'; service 's' is left out", false },
        { "proxy.http.services.s.loadbalancer.server.weight", "1.5", "http.services.s.loadBalancer.server.weight", "expected an integer, got '1.5'; service 's' is left out", false },
        { "proxy.http.services.s.loadbalancer.server.address", "x", "http.services.s.loadBalancer.server.address", "unknown or unsupported field 'address' (expected one of: port, scheme, url, weight); service 's' is left out", false },
        { "proxy.http.services.s.loadbalancer.passhostheader", "yes", "http.services.s.loadBalancer.passHostHeader", "expected true or false, got 'yes'; service 's' is left out", false },
        { "proxy.http.services.s.loadbalancer.healthcheck.pth", "/", "http.services.s.loadBalancer.healthCheck.pth", "unknown or unsupported field 'pth', did you mean 'path'? (expected one of: path, interval, timeout, scheme, hostname, port, headers, method, status, failureThreshold, successThreshold, initialState); service 's' is left out", false },
        { "proxy.http.services.s.loadbalancer.healthcheck.status", "ok", "http.services.s.loadBalancer.healthCheck.status", "expected an integer, got 'ok'; service 's' is left out", false },
        { "proxy.http.services.s.loadbalancer.passivehealthcheck.maxfails", "3", "http.services.s.loadBalancer.passiveHealthCheck.maxfails", "unknown or unsupported field 'maxfails' (expected one of: maxFailedAttempts, failureWindow, cooldown); service 's' is left out", false },
        { "proxy.http.services.s.weighted.services[0].name", "a", "http.services.s.weighted", "a weighted service is declared in the file provider, not by a container's labels: define service 's' there and refer to it as 's@file'; service 's' is left out", false },
        { "proxy.http.services.s.failover.service", "a", "http.services.s.failover", "a failover service is declared in the file provider, not by a container's labels: define service 's' there and refer to it as 's@file'; service 's' is left out", false },
        { "proxy.http.services.s.server.port", "80", "http.services.s.server", "unknown or unsupported field 'server' (expected one of: loadBalancer, weighted, mirroring, failover, middlewares); service 's' is left out", false },
        { "proxy.http.middlewares.m.retry.attemps", "3", "http.middlewares.m.retry.attemps", "unknown or unsupported field 'attemps', did you mean 'attempts'? (expected one of: attempts, initialInterval, retryNonIdempotent, maxBodyBytes); middleware 'm' is left out", false },
        { "proxy.http.middlewares.m.retry.attempts", "three", "http.middlewares.m.retry.attempts", "expected an integer, got 'three'; middleware 'm' is left out", false },
        { "proxy.http.middlewares.m.headers.customrequestheader.X-A", "1", "http.middlewares.m.headers.customrequestheader", "unknown or unsupported field 'customrequestheader', did you mean 'customRequestHeaders'? (expected one of: customRequestHeaders, customResponseHeaders, accessControlAllowCredentials, accessControlAllowHeaders, accessControlAllowMethods, accessControlAllowOriginList, accessControlAllowOriginListRegex, accessControlExposeHeaders, accessControlMaxAge, addVaryHeader, allowedHosts, hostsProxyHeaders, sslProxyHeaders, stsSeconds, stsIncludeSubdomains, stsPreload, forceSTSHeader, frameDeny, customFrameOptionsValue, contentTypeNosniff, browserXssFilter, customBrowserXSSValue, contentSecurityPolicy, contentSecurityPolicyReportOnly, publicKey, referrerPolicy, permissionsPolicy, isDevelopment); middleware 'm' is left out", false },
        { "proxy.http.middlewares.m", "x", "http.middlewares.m", "expected a mapping, got 'x' (fields: {types}); middleware 'm' is left out", false },
    };

    [Theory]
    [MemberData(nameof(BadLabels))]
    public void Parse_BadLabel_ReportsLabelPathAndProblem(string label, string value, string path, string problem, bool leavesOutContainer)
    {
        var result = Parse("proxy", (label, value));

        // The middleware types grow with every one added: the message lists them as registered.
        var expected = problem.Replace("{types}", string.Join(", ", Proxy.Actors.Model.Config.MiddlewareTypes.Names), StringComparison.Ordinal);
        Assert.Equal(new[] { new LabelProblem(label, path, expected, leavesOutContainer) }, result.Problems.ToArray());
    }

    [Theory]
    [InlineData("url")]
    [InlineData("weight")]
    public void ServerLabelsSchema_FieldShared_IsServerConfigsDeclaration(string name)
    {
        var label = ServerLabels.Schema.Find(name)!;
        var server = ServerConfig.Schema.Find(name)!;

        Assert.Equal((server.Name, server.Kind, server.HasDefault), (label.Name, label.Kind, label.HasDefault));
        Assert.Equal(server.Get(server.WithDefault(ServerConfig.Empty)), label.Get(label.WithDefault(ServerLabels.None)));
    }

    [Fact]
    public void Parse_FlushIntervalLabel_ReadsIntoResponseForwarding()
    {
        var result = Parse(
            "traefik",
            ("traefik.http.services.events.loadbalancer.server.port", "8080"),
            ("traefik.http.services.events.loadbalancer.responseforwarding.flushinterval", "-1"));

        Assert.Equal(Array.Empty<LabelProblem>(), result.Problems.ToArray());
        Assert.Equal("-1", result.Config.Config.Services["events"].LoadBalancer!.ResponseForwarding!.FlushInterval);
    }

    [Fact]
    public void Parse_KeysInAnyCase_ReadCaseInsensitively()
    {
        var result = Parse(
            "proxy",
            ("PROXY.Http.Routers.web.Rule", "Host(`a`)"),
            ("proxy.http.routers.web.EntryPoints", "web"),
            ("proxy.http.services.web.LoadBalancer.Server.Port", "8080"));

        Assert.Equal(Array.Empty<LabelProblem>(), result.Problems.ToArray());
        Assert.Equal(["router web: rule=Host(`a`) service= entrypoints=web", "service web: servers=[]"], ConfigText.Lines(result.Config.Config));
        Assert.Equal(8080, result.Config.Servers["web"].Port);
    }

    [Fact]
    public void Parse_NameInTwoCases_KeepsFirstSpellingInOrdinalOrder()
    {
        // As Traefik: "Web" sorts before "web", so one router named Web gets both fields.
        var result = Parse("proxy", ("proxy.http.routers.web.entrypoints", "web"), ("proxy.http.routers.Web.rule", "Host(`a`)"));

        Assert.Equal(Array.Empty<LabelProblem>(), result.Problems.ToArray());
        Assert.Equal(["router Web: rule=Host(`a`) service= entrypoints=web"], ConfigText.Lines(result.Config.Config));
    }

    [Fact]
    public void Parse_SameKeyInTwoCases_ReportsTheSecond()
    {
        var result = Parse("proxy", ("proxy.http.routers.a.Rule", "Host(`b`)"), ("proxy.http.routers.a.rule", "Host(`a`)"));

        Assert.Equal(
            new[] { new LabelProblem("proxy.http.routers.a.rule", "http.routers.a.rule", "given twice (also as label proxy.http.routers.a.Rule); keys are case-insensitive; router 'a' is left out", false) },
            result.Problems.ToArray());
    }

    public static TheoryData<string, int> PrefixCases => new()
    {
        // The default prefix ignores Traefik's labels, and the other way round.
        { "proxy", 1 },
        { "traefik", 1 },
        { "other", 0 },
    };

    [Theory]
    [MemberData(nameof(PrefixCases))]
    public void Parse_LabelsOfOtherPrefixes_AreIgnored(string prefix, int routers)
    {
        var result = Parse(
            prefix,
            ("proxy.http.routers.mine.rule", "Host(`proxy`)"),
            ("traefik.http.routers.mine.rule", "Host(`traefik`)"),
            ("proxyx.http.routers.other.rule", "Host(`x`)"),
            ("com.docker.compose.project", "shop"),
            ("proxy", "bare prefix"));

        Assert.Equal(Array.Empty<LabelProblem>(), result.Problems.ToArray());
        Assert.Equal(routers, result.Config.Config.Routers.Count);
        if (routers == 1)
        {
            Assert.Equal($"Host(`{prefix}`)", result.Config.Config.Routers["mine"].Rule);
        }
    }

    [Fact]
    public void Parse_UnknownMiddlewareTypes_AreKeptByName()
    {
        var result = Parse(
            "proxy",
            ("proxy.http.middlewares.m.grpcWeb", "true"),
            ("proxy.http.middlewares.m.Plugin.average", "100"),
            ("proxy.http.middlewares.m.plugin.burst", "50"));

        Assert.Equal(Array.Empty<LabelProblem>(), result.Problems.ToArray());
        Assert.Equal(new[] { "Plugin", "grpcWeb" }, result.Config.Config.Middlewares["m"].UnknownTypes.ToArray());
    }
}
