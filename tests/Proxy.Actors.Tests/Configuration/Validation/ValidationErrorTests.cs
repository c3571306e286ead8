using System.Collections.Immutable;
using Proxy.Actors.Model;
using Proxy.Actors.Model.Config;
using Proxy.Actors.Routing.Rules;
using Xunit;
using static Proxy.Actors.Tests.Model.Configs;

namespace Proxy.Actors.Tests.Configuration.Validation;

/// <summary>
/// One bad field per case, in an otherwise valid configuration (router r -> service svc), and the
/// exact error it must produce: operators grep for these paths and act on these messages.
/// </summary>
public sealed class ValidationErrorTests
{
    private const string Url = "http://127.0.0.1:8081";

    private static readonly string BadRuleMessage = $"invalid rule {RuleCompiler.Compile("Host(`a.com`").Error}";

    private static readonly Dictionary<string, DynamicConfig> Cases = new()
    {
        ["missing rule"] = With(router: Router(rule: null)),
        ["blank rule"] = With(router: Router(rule: "  ")),
        ["bad rule"] = With(router: Router(rule: "Host(`a.com`")),
        ["unknown entry point"] = With(router: Router(entryPoints: ["web", "nope"])),
        ["missing service"] = With(router: Router(service: null)),
        ["unknown service"] = With(router: Router(service: "ghost")),
        ["service of unknown provider"] = With(router: Router(service: "ghost@docker")),
        ["unknown internal service"] = With(router: Router(service: "ghost@internal")),
        ["disabled service"] = With(router: Router(service: "broken"), extraService: ("broken", Service("ftp://x"))),
        ["unknown middleware"] = With(router: Router(middlewares: ["ghost"])),
        ["disabled middleware"] = With(router: Router(middlewares: ["m"]), middleware: Retry(attempts: 0)),
        ["unknown middleware type"] = With(middleware: MiddlewareConfig.None with { UnknownTypes = ["grpcWeb"] }),
        ["no middleware type"] = With(middleware: MiddlewareConfig.None),
        ["two middleware types"] = With(middleware: Retry().With(new AddPrefixConfig("/v1"))),
        ["known and unknown type"] = With(middleware: Retry() with { UnknownTypes = ["grpcWeb"] }),
        ["retry attempts 0"] = With(middleware: Retry(attempts: 0)),
        ["retry attempts missing"] = With(middleware: Retry(attempts: null)),
        ["retry bad interval"] = With(middleware: Retry(initialInterval: "soon")),
        ["retry negative body"] = With(middleware: Retry(maxBodyBytes: -1)),
        ["stripPrefix none"] = With(middleware: StripPrefix()),
        ["stripPrefix relative"] = With(middleware: StripPrefix("/ok", "api")),
        ["addPrefix missing"] = With(middleware: AddPrefix(null)),
        ["addPrefix relative"] = With(middleware: AddPrefix("v1")),
        ["bad request header name"] = With(middleware: Headers(request: [("Bad Name", "x")])),
        ["bad response header name"] = With(middleware: Headers(response: [("X:Y", "x")])),
        ["header value line break"] = With(middleware: Headers(response: [("X-A", "a\r\nSet-Cookie: b")])),
        ["rateLimit negative average"] = With(middleware: MiddlewareConfig.Of(RateLimitConfig.Empty with { Average = -1 })),
        ["rateLimit period zero"] = With(middleware: MiddlewareConfig.Of(RateLimitConfig.Empty with { Average = 5, Period = "0s" })),
        ["rateLimit negative burst"] = With(middleware: MiddlewareConfig.Of(RateLimitConfig.Empty with { Burst = -2 })),
        ["rateLimit unknown scope"] = With(middleware: MiddlewareConfig.Of(RateLimitConfig.Empty with { Scope = "region" })),
        ["rateLimit unknown fallback"] = With(middleware: MiddlewareConfig.Of(RateLimitConfig.Empty with { OnOwnerLost = "panic" })),
        ["rateLimit two criteria"] = With(middleware: MiddlewareConfig.Of(RateLimitConfig.Empty with
        {
            SourceCriterion = new SourceCriterionConfig(null, "X-Client", true),
        })),
        ["rateLimit bad header name"] = With(middleware: MiddlewareConfig.Of(RateLimitConfig.Empty with
        {
            SourceCriterion = SourceCriterionConfig.Empty with { RequestHeaderName = "X Client" },
        })),
        ["rateLimit ipStrategy and header"] = With(middleware: MiddlewareConfig.Of(RateLimitConfig.Empty with
        {
            SourceCriterion = new SourceCriterionConfig(IpStrategyConfig.Empty with { Depth = 1 }, "X-Client", null),
        })),
        ["rateLimit bad excluded range"] = With(middleware: MiddlewareConfig.Of(RateLimitConfig.Empty with
        {
            SourceCriterion = SourceCriterionConfig.Empty with { IpStrategy = IpStrategyConfig.Empty with { ExcludedIPs = ["10.0.0.0/33"] } },
        })),
        ["inFlightReq amount missing"] = With(middleware: MiddlewareConfig.Of(InFlightReqConfig.Empty)),
        ["inFlightReq amount 0"] = With(middleware: MiddlewareConfig.Of(InFlightReqConfig.Empty with { Amount = 0 })),
        ["inFlightReq two criteria"] = With(middleware: MiddlewareConfig.Of(InFlightReqConfig.Empty with
        {
            Amount = 3,
            SourceCriterion = new SourceCriterionConfig(null, "X-Client", true),
        })),

        ["compress unknown encoding"] = With(middleware: MiddlewareConfig.Of(CompressConfig.Empty with { Encodings = ["gzip", "lz4"] })),
        ["compress no encoding"] = With(middleware: MiddlewareConfig.Of(CompressConfig.Empty with { Encodings = [] })),
        ["compress default not listed"] = With(middleware: MiddlewareConfig.Of(CompressConfig.Empty with { Encodings = ["gzip"], DefaultEncoding = "br" })),
        ["compress negative minimum"] = With(middleware: MiddlewareConfig.Of(CompressConfig.Empty with { MinResponseBodyBytes = -1 })),
        ["compress both type lists"] = With(middleware: MiddlewareConfig.Of(CompressConfig.Empty with { IncludedContentTypes = ["text/html"], ExcludedContentTypes = ["image/png"] })),
        ["compress bad media type"] = With(middleware: MiddlewareConfig.Of(CompressConfig.Empty with { ExcludedContentTypes = ["text"] })),
        ["headers bad origin regex"] = With(middleware: MiddlewareConfig.Of(HeadersConfig.Empty with { Cors = CorsHeadersConfig.Empty with { AccessControlAllowOriginListRegex = ["https://(a|b"] } })),
        ["headers negative max age"] = With(middleware: MiddlewareConfig.Of(HeadersConfig.Empty with { Cors = CorsHeadersConfig.Empty with { AccessControlMaxAge = -5 } })),
        ["headers negative sts"] = With(middleware: MiddlewareConfig.Of(HeadersConfig.Empty with { Security = SecurityHeadersConfig.Empty with { StsSeconds = -1 } })),
        ["headers csp line break"] = With(middleware: MiddlewareConfig.Of(HeadersConfig.Empty with { Security = SecurityHeadersConfig.Empty with { ContentSecurityPolicy = "a\nb" } })),
        ["no load balancer"] = With(service: new ServiceConfig(null)),
        ["server url missing"] = With(service: ServiceOf([new ServerConfig(null, null)])),
        ["server url not http"] = With(service: Service("ftp://127.0.0.1/")),
        ["server url relative"] = With(service: Service("/backend")),
        ["server url with query"] = With(service: Service("http://127.0.0.1:8081/?a=b")),
        ["duplicate server"] = With(service: Service(Url, Url + "/")),
        ["negative weight"] = With(service: ServiceOf([new ServerConfig(Url, -1)])),
        ["check path missing"] = With(service: ServiceOf([new(Url, null)], Check(path: null))),
        ["check path relative"] = With(service: ServiceOf([new(Url, null)], Check(path: "health"))),
        ["check interval zero"] = With(service: ServiceOf([new(Url, null)], Check() with { Interval = "0s" })),
        ["check timeout garbage"] = With(service: ServiceOf([new(Url, null)], Check() with { Timeout = "5 parsecs" })),
        ["check scheme"] = With(service: ServiceOf([new(Url, null)], Check() with { Scheme = "ftp" })),
        ["check port"] = With(service: ServiceOf([new(Url, null)], Check() with { Port = 70000 })),
        ["check status"] = With(service: ServiceOf([new(Url, null)], Check() with { Status = 99 })),
        ["check failure threshold"] = With(service: ServiceOf([new(Url, null)], Check() with { FailureThreshold = 0 })),
        ["check success threshold"] = With(service: ServiceOf([new(Url, null)], Check() with { SuccessThreshold = 0 })),
        ["check initial state"] = With(service: ServiceOf([new(Url, null)], Check() with { InitialState = "maybe" })),
        ["check method"] = With(service: ServiceOf([new(Url, null)], Check() with { Method = "GE T" })),
        ["check header name"] = With(service: ServiceOf([new(Url, null)], Check() with
        {
            Headers = ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, [KeyValuePair.Create("Bad Name", "x")]),
        })),
        ["passive attempts"] = With(service: ServiceOf([new(Url, null)], passive: new PassiveHealthCheckConfig(0, null, null))),
        ["passive window"] = With(service: ServiceOf([new(Url, null)], passive: new PassiveHealthCheckConfig(1, "x", null))),
        ["passive cooldown zero"] = With(service: ServiceOf([new(Url, null)], passive: new PassiveHealthCheckConfig(1, null, "0"))),
        ["sticky same site"] = With(service: Sticky(StickyCookieConfig.Empty with { SameSite = "sometimes" })),
        ["sticky cookie name"] = With(service: Sticky(StickyCookieConfig.Empty with { Name = "my cookie" })),
        ["sticky path"] = With(service: Sticky(StickyCookieConfig.Empty with { Path = "/a; Domain=evil.com" })),
        ["sticky domain"] = With(service: Sticky(StickyCookieConfig.Empty with { Domain = "a.com; Secure" })),
        ["flush interval garbage"] = With(service: new ServiceConfig(ServiceOf([new(Url, null)]).LoadBalancer! with { ResponseForwarding = new ResponseForwardingConfig("soon") })),
        ["flush interval double minus"] = With(service: new ServiceConfig(ServiceOf([new(Url, null)]).LoadBalancer! with { ResponseForwarding = new ResponseForwardingConfig("--1ms") })),
        ["flush interval over the maximum"] = With(service: new ServiceConfig(ServiceOf([new(Url, null)]).LoadBalancer! with { ResponseForwarding = new ResponseForwardingConfig("100000h") })),
        ["tls unknown options"] = With(router: Router() with { Tls = RouterTlsConfig.Empty with { Options = "ghost" } }),
        ["tls options of unknown provider"] = With(router: Router() with { Tls = RouterTlsConfig.Empty with { Options = "ghost@docker" } }),
        ["tls disabled options"] = With(
            router: Router() with { Tls = RouterTlsConfig.Empty with { Options = "old" } },
            tls: TlsOptions("old", TlsOptionsConfig.Empty with { MinVersion = "TLS1.0" })),
        ["tls min version"] = With(tls: TlsOptions("o", TlsOptionsConfig.Empty with { MinVersion = "TLS1.2" })),
        ["tls max version"] = With(tls: TlsOptions("o", TlsOptionsConfig.Empty with { MaxVersion = "VersionTLS14" })),
        ["tls max below min"] = With(tls: TlsOptions("o", TlsOptionsConfig.Empty with { MinVersion = "VersionTLS13", MaxVersion = "VersionTLS12" })),
        ["tls cipher suite"] = With(tls: TlsOptions("o", TlsOptionsConfig.Empty with
        {
            CipherSuites = ["TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "TLS_RSA_WITH_ROT13"],
        })),
        ["tls blank alpn"] = With(tls: TlsOptions("o", TlsOptionsConfig.Empty with { AlpnProtocols = ["h2", " "] })),
        ["tls client auth type"] = With(tls: TlsOptions("o", TlsOptionsConfig.Empty with { ClientAuth = new ClientAuthConfig([], "RequireClientCert") })),
        ["tls client auth without CAs"] = With(tls: TlsOptions("o", TlsOptionsConfig.Empty with
        {
            ClientAuth = new ClientAuthConfig([], "RequireAndVerifyClientCert"),
        })),
        ["tls certificate without key"] = With(tls: TlsConfig.Empty with { Certificates = [new TlsCertificateConfig("/c.pem", null, [])] }),
        ["tls default certificate without cert"] = With(tls: TlsConfig.Empty with
        {
            Stores = TlsConfig.Empty.Stores.Add("default", new TlsStoreConfig(new TlsCertificateFilesConfig(null, "/k.pem"))),
        }),
        ["tls store not default"] = With(tls: TlsConfig.Empty with { Stores = TlsConfig.Empty.Stores.Add("other", TlsStoreConfig.Empty) }),
        ["tls domain main missing"] = With(router: Router() with { Tls = RouterTlsConfig.Empty with { Domains = [new TlsDomainConfig(null, [])] } }),
        ["tls domain bad san"] = With(router: Router() with
        {
            Tls = RouterTlsConfig.Empty with { Domains = [new TlsDomainConfig("example.com", ["www.example.com", "a..b"])] },
        }),
        ["tls blank resolver"] = With(router: Router() with { Tls = RouterTlsConfig.Empty with { CertResolver = "" } }),
    };

    [Theory]
    [InlineData("missing rule", "http.routers.r.rule", "is required")]
    [InlineData("blank rule", "http.routers.r.rule", "is required")]
    [InlineData("bad rule", "http.routers.r.rule", null)]
    [InlineData("unknown entry point", "http.routers.r.entryPoints", "entry point 'nope' does not exist; known: web, websecure")]
    [InlineData("missing service", "http.routers.r.service", "is required")]
    [InlineData("unknown service", "http.routers.r.service", "service 'ghost@file' does not exist")]
    [InlineData("service of unknown provider", "http.routers.r.service", "service 'ghost@docker' does not exist (no provider named 'docker')")]
    [InlineData("unknown internal service", "http.routers.r.service", "service 'ghost@internal' does not exist")]
    [InlineData("disabled service", "http.routers.r.service", "service 'broken@file' has errors and is disabled")]
    [InlineData("unknown middleware", "http.routers.r.middlewares", "middleware 'ghost@file' does not exist")]
    [InlineData("disabled middleware", "http.routers.r.middlewares", "middleware 'm@file' has errors and is disabled")]
    [InlineData("unknown middleware type", "http.middlewares.m.grpcWeb", "unknown middleware type 'grpcWeb'; supported types are {types}")]
    [InlineData("no middleware type", "http.middlewares.m", "no middleware type given; expected one of {types}")]
    [InlineData("two middleware types", "http.middlewares.m", "one middleware has one type, found addPrefix, retry")]
    [InlineData("known and unknown type", "http.middlewares.m", "one middleware has one type, found retry, grpcWeb")]
    [InlineData("retry attempts 0", "http.middlewares.m.retry.attempts", "must be at least 1, got 0")]
    [InlineData("retry attempts missing", "http.middlewares.m.retry.attempts", "is required (the number of tries, the first included)")]
    [InlineData("retry bad interval", "http.middlewares.m.retry.initialInterval", "'soon' is not a duration (use e.g. 10s, 500ms, 1m)")]
    [InlineData("retry negative body", "http.middlewares.m.retry.maxBodyBytes", "must not be negative, got -1")]
    [InlineData("stripPrefix none", "http.middlewares.m.stripPrefix.prefixes", "needs at least one prefix")]
    [InlineData("stripPrefix relative", "http.middlewares.m.stripPrefix.prefixes[1]", "'api' must start with '/'")]
    [InlineData("addPrefix missing", "http.middlewares.m.addPrefix.prefix", "is required")]
    [InlineData("addPrefix relative", "http.middlewares.m.addPrefix.prefix", "'v1' must start with '/'")]
    [InlineData("bad request header name", "http.middlewares.m.headers.customRequestHeaders.Bad Name", "'Bad Name' is not a valid header name")]
    [InlineData("bad response header name", "http.middlewares.m.headers.customResponseHeaders.X:Y", "'X:Y' is not a valid header name")]
    [InlineData("header value line break", "http.middlewares.m.headers.customResponseHeaders.X-A", "a header value must not contain line breaks")]
    [InlineData("rateLimit negative average", "http.middlewares.m.rateLimit.average", "must not be negative, got -1")]
    [InlineData("rateLimit period zero", "http.middlewares.m.rateLimit.period", "must be greater than zero")]
    [InlineData("rateLimit negative burst", "http.middlewares.m.rateLimit.burst", "must not be negative, got -2")]
    [InlineData("rateLimit unknown scope", "http.middlewares.m.rateLimit.scope", "'region' must be node or cluster")]
    [InlineData("rateLimit unknown fallback", "http.middlewares.m.rateLimit.onOwnerLost", "'panic' must be localShare or open or closed")]
    [InlineData("rateLimit two criteria", "http.middlewares.m.rateLimit.sourceCriterion",
        "gives requestHeaderName and requestHost; give only one of ipStrategy, requestHeaderName, requestHost")]
    [InlineData("rateLimit bad header name", "http.middlewares.m.rateLimit.sourceCriterion.requestHeaderName", "'X Client' is not a valid header name")]
    [InlineData("rateLimit ipStrategy and header", "http.middlewares.m.rateLimit.sourceCriterion",
        "gives ipStrategy and requestHeaderName; give only one of ipStrategy, requestHeaderName, requestHost")]
    [InlineData("rateLimit bad excluded range", "http.middlewares.m.rateLimit.sourceCriterion.ipStrategy.excludedIPs[0]",
        "'10.0.0.0/33' is not an IP address or a CIDR range (10.0.0.0/8, 192.168.1.7, fd00::/8)")]
    [InlineData("inFlightReq amount missing", "http.middlewares.m.inFlightReq.amount", "is required (the number of requests of one client at once)")]
    [InlineData("inFlightReq amount 0", "http.middlewares.m.inFlightReq.amount", "must be at least 1, got 0")]
    [InlineData("inFlightReq two criteria", "http.middlewares.m.inFlightReq.sourceCriterion",
        "gives requestHeaderName and requestHost; give only one of ipStrategy, requestHeaderName, requestHost")]

    [InlineData("compress unknown encoding", "http.middlewares.m.compress.encodings[1]", "'lz4' must be zstd or br or gzip")]
    [InlineData("compress no encoding", "http.middlewares.m.compress.encodings", "needs at least one encoding (zstd, br, gzip)")]
    [InlineData("compress default not listed", "http.middlewares.m.compress.defaultEncoding", "'br' is not one of encodings (gzip)")]
    [InlineData("compress negative minimum", "http.middlewares.m.compress.minResponseBodyBytes", "must not be negative, got -1")]
    [InlineData("compress both type lists", "http.middlewares.m.compress.includedContentTypes", "includedContentTypes and excludedContentTypes exclude each other: give one")]
    [InlineData("compress bad media type", "http.middlewares.m.compress.excludedContentTypes[0]", "'text' is not a media type (type/subtype, e.g. text/html)")]
    [InlineData("headers bad origin regex", "http.middlewares.m.headers.accessControlAllowOriginListRegex[0]", "'https://(a|b' is not a valid regular expression: insufficient closing parentheses at offset 12")]
    [InlineData("headers negative max age", "http.middlewares.m.headers.accessControlMaxAge", "must not be negative, got -5")]
    [InlineData("headers negative sts", "http.middlewares.m.headers.stsSeconds", "must not be negative, got -1")]
    [InlineData("headers csp line break", "http.middlewares.m.headers.contentSecurityPolicy", "a header value must not contain line breaks")]
    [InlineData("no load balancer", "http.services.svc", "a service needs one of loadBalancer, weighted, mirroring or failover")]
    [InlineData("server url missing", "http.services.svc.loadBalancer.servers[0].url", "is required")]
    [InlineData("server url not http", "http.services.svc.loadBalancer.servers[0].url", "'ftp://127.0.0.1/': unknown scheme 'ftp', must be http or https or h2c")]
    [InlineData("server url relative", "http.services.svc.loadBalancer.servers[0].url", "'/backend' is not an absolute URL with a host (http|https|h2c://host:port)")]
    [InlineData("server url with query", "http.services.svc.loadBalancer.servers[0].url", "'http://127.0.0.1:8081/?a=b' must not have a query or fragment")]
    [InlineData("duplicate server", "http.services.svc.loadBalancer.servers[1].url", "'http://127.0.0.1:8081/' is listed twice")]
    [InlineData("negative weight", "http.services.svc.loadBalancer.servers[0].weight", "must not be negative, got -1")]
    [InlineData("check path missing", "http.services.svc.loadBalancer.healthCheck.path", "is required")]
    [InlineData("check path relative", "http.services.svc.loadBalancer.healthCheck.path", "'health' must start with '/'")]
    [InlineData("check interval zero", "http.services.svc.loadBalancer.healthCheck.interval", "must be greater than zero")]
    [InlineData("check timeout garbage", "http.services.svc.loadBalancer.healthCheck.timeout", "'5 parsecs' is not a duration (use e.g. 10s, 500ms, 1m)")]
    [InlineData("check scheme", "http.services.svc.loadBalancer.healthCheck.scheme", "'ftp' must be http or https or h2c")]
    [InlineData("check port", "http.services.svc.loadBalancer.healthCheck.port", "70000 is not a port (1-65535)")]
    [InlineData("check status", "http.services.svc.loadBalancer.healthCheck.status", "99 is not an HTTP status (100-599)")]
    [InlineData("check failure threshold", "http.services.svc.loadBalancer.healthCheck.failureThreshold", "must be at least 1, got 0")]
    [InlineData("check success threshold", "http.services.svc.loadBalancer.healthCheck.successThreshold", "must be at least 1, got 0")]
    [InlineData("check initial state", "http.services.svc.loadBalancer.healthCheck.initialState", "'maybe' must be up or down")]
    [InlineData("check method", "http.services.svc.loadBalancer.healthCheck.method", "'GE T' is not an HTTP method")]
    [InlineData("check header name", "http.services.svc.loadBalancer.healthCheck.headers.Bad Name", "'Bad Name' is not a valid header name")]
    [InlineData("passive attempts", "http.services.svc.loadBalancer.passiveHealthCheck.maxFailedAttempts", "must be at least 1, got 0")]
    [InlineData("passive window", "http.services.svc.loadBalancer.passiveHealthCheck.failureWindow", "'x' is not a duration (use e.g. 10s, 500ms, 1m)")]
    [InlineData("passive cooldown zero", "http.services.svc.loadBalancer.passiveHealthCheck.cooldown", "must be greater than zero")]
    [InlineData("sticky same site", "http.services.svc.loadBalancer.sticky.cookie.sameSite", "'sometimes' must be none or lax or strict")]
    [InlineData("sticky cookie name", "http.services.svc.loadBalancer.sticky.cookie.name", "'my cookie' is not a cookie name (letters, digits and !#$%&'*+-.^_`|~)")]
    [InlineData("sticky path", "http.services.svc.loadBalancer.sticky.cookie.path", "'/a; Domain=evil.com' must not contain ';', control or non-ASCII characters")]
    [InlineData("sticky domain", "http.services.svc.loadBalancer.sticky.cookie.domain", "'a.com; Secure' is not a domain name")]
    [InlineData("flush interval garbage", "http.services.svc.loadBalancer.responseForwarding.flushInterval", "'soon' is not a duration (use e.g. 10s, 500ms, 1m, -1ms)")]
    [InlineData("flush interval double minus", "http.services.svc.loadBalancer.responseForwarding.flushInterval", "'--1ms' is not a duration (use e.g. 10s, 500ms, 1m, -1ms)")]
    [InlineData("flush interval over the maximum", "http.services.svc.loadBalancer.responseForwarding.flushInterval", "'100000h' is longer than the maximum, 24h")]
    [InlineData("tls unknown options", "http.routers.r.tls.options", "TLS options 'ghost@file' does not exist")]
    [InlineData("tls options of unknown provider", "http.routers.r.tls.options", "TLS options 'ghost@docker' does not exist (no provider named 'docker')")]
    [InlineData("tls disabled options", "http.routers.r.tls.options", "TLS options 'old@file' have errors and are left out")]
    [InlineData("tls min version", "tls.options.o.minVersion", "'TLS1.2' is not a TLS version (use VersionTLS10, VersionTLS11, VersionTLS12, VersionTLS13)")]
    [InlineData("tls max version", "tls.options.o.maxVersion", "'VersionTLS14' is not a TLS version (use VersionTLS10, VersionTLS11, VersionTLS12, VersionTLS13)")]
    [InlineData("tls max below min", "tls.options.o.maxVersion", "'VersionTLS12' is below minVersion 'VersionTLS13'")]
    [InlineData("tls cipher suite", "tls.options.o.cipherSuites[1]", "'TLS_RSA_WITH_ROT13' is not a cipher suite name (use Go's names, e.g. TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256)")]
    [InlineData("tls blank alpn", "tls.options.o.alpnProtocols[1]", "must not be empty")]
    [InlineData("tls client auth type", "tls.options.o.clientAuth.clientAuthType", "'RequireClientCert' must be NoClientCert or RequestClientCert or RequireAnyClientCert or VerifyClientCertIfGiven or RequireAndVerifyClientCert")]
    [InlineData("tls client auth without CAs", "tls.options.o.clientAuth.caFiles", "is required when clientAuthType is RequireAndVerifyClientCert (the CAs client certificates must chain to)")]
    [InlineData("tls certificate without key", "tls.certificates[0].keyFile", "is required")]
    [InlineData("tls default certificate without cert", "tls.stores.default.defaultCertificate.certFile", "is required")]
    [InlineData("tls store not default", "tls.stores.other", "store 'other' is not used: only the store 'default' is, as in Traefik")]
    [InlineData("tls domain main missing", "http.routers.r.tls.domains[0].main", "is required")]
    [InlineData("tls domain bad san", "http.routers.r.tls.domains[0].sans[1]", "'a..b' is not a domain name (letters, digits and '-' between dots, optionally starting with '*.')")]
    [InlineData("tls blank resolver", "http.routers.r.tls.certResolver", "must not be empty")]
    public void Validate_BadField_ReportsPathAndMessage(string name, string path, string? message)
    {
        var result = Validation.Run(Validation.Provider("file", Cases[name]));

        // The supported types grow with every middleware added: the message lists them as registered.
        var expected = (message ?? BadRuleMessage).Replace("{types}", string.Join(", ", MiddlewareTypes.Names), StringComparison.Ordinal);
        Assert.Contains(new ConfigError("file", path, expected), result.View.AllErrors);
    }

    [Fact]
    public void Cases_EachHasARow()
    {
        var rows = typeof(ValidationErrorTests).GetMethod(nameof(Validate_BadField_ReportsPathAndMessage))!
            .GetCustomAttributes(typeof(InlineDataAttribute), false)
            .Cast<InlineDataAttribute>()
            .Select(a => (string)a.GetData(null!).Single()[0])
            .ToHashSet();

        Assert.Equal(Cases.Keys.Order(), rows.Order());
    }

    [Fact]
    public void Validate_BaseConfiguration_HasNoErrors()
    {
        var result = Validation.Run(Validation.Provider("file", With()));

        Assert.Empty(result.View.AllErrors);
        Assert.Contains("r@file", result.Routers.Keys);
    }

    /// <summary>The valid base (router r -> svc, middleware m when given) with one object replaced.</summary>
    private static DynamicConfig With(
        RouterConfig? router = null,
        ServiceConfig? service = null,
        MiddlewareConfig? middleware = null,
        (string Name, ServiceConfig Service)? extraService = null,
        TlsConfig? tls = null) =>
        Dynamic(
            routers: [("r", router ?? Router())],
            services: new[] { ("svc", service ?? Service(Url)), extraService ?? default }.Where(s => s.Item1 is not null),
            middlewares: middleware is null ? [] : [("m", middleware)]) with { Tls = tls };

    private static ServiceConfig Sticky(StickyCookieConfig cookie) =>
        new(new LoadBalancerConfig([new(Url, null)], null, null, null) { Sticky = new StickyConfig(cookie) });

    private static TlsConfig TlsOptions(string name, TlsOptionsConfig options) =>
        TlsConfig.Empty with { Options = TlsConfig.Empty.Options.Add(name, options) };
}
