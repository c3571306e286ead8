using System.Net;
using Proxy.Node.Tests.Integration.Docker;

namespace Proxy.Node.Tests.Integration.Middlewares;

/// <summary>headers' CORS and security options through real nodes, beside the custom headers HeaderTests covers.</summary>
[Collection(IntegrationCollection.Name)]
public sealed class SecurityAndCorsHeadersTests
{
    private const string CorsYaml =
        "headers:\n"
        + "  accessControlAllowMethods: [GET, PUT]\n"
        + "  accessControlAllowHeaders: [X-Token, Content-Type]\n"
        + "  accessControlAllowOriginList: [\"https://app.example\"]\n"
        + "  accessControlAllowOriginListRegex: [\"^https://[a-z]+\\\\.example\\\\.org$\"]\n"
        + "  accessControlExposeHeaders: [X-Echo-Uri]\n"
        + "  accessControlAllowCredentials: true\n"
        + "  accessControlMaxAge: 600\n"
        + "  addVaryHeader: true\n"
        + "  frameDeny: true\n"
        + "  contentTypeNosniff: true\n"
        + "  browserXssFilter: true\n"
        + "  contentSecurityPolicy: \"default-src 'self'\"\n"
        + "  referrerPolicy: no-referrer\n"
        + "  permissionsPolicy: \"camera=()\"\n"
        + "  stsSeconds: 31536000\n"
        + "  stsIncludeSubdomains: true\n"
        + "  stsPreload: true\n"
        + "  sslProxyHeaders:\n"
        + "    X-Forwarded-Proto: https\n"
        + "  customResponseHeaders:\n"
        + "    X-Frame-Options: SAMEORIGIN\n";

    private static readonly string[] CorsLabels =
    [
        "headers.accesscontrolallowmethods=GET,PUT",
        "headers.accesscontrolallowheaders=X-Token,Content-Type",
        "headers.accesscontrolalloworiginlist=https://app.example",
        "headers.accesscontrolalloworiginlistregex=^https://[a-z]+\\.example\\.org$",
        "headers.accesscontrolexposeheaders=X-Echo-Uri",
        "headers.accesscontrolallowcredentials=true",
        "headers.accesscontrolmaxage=600",
        "headers.addvaryheader=true",
        "headers.framedeny=true",
        "headers.contenttypenosniff=true",
        "headers.browserxssfilter=true",
        "headers.contentsecuritypolicy=default-src 'self'",
        "headers.referrerpolicy=no-referrer",
        "headers.permissionspolicy=camera=()",
        "headers.stsseconds=31536000",
        "headers.stsincludesubdomains=true",
        "headers.stspreload=true",
        "headers.sslproxyheaders.X-Forwarded-Proto=https",
        "headers.customresponseheaders.X-Frame-Options=SAMEORIGIN",
    ];

    [DockerFact(Timeout = 240_000)]
    public Task Headers_CorsAndSecurity_FromLabelsAndFromYaml_Same() =>
        BothProviders.CheckAsync(CorsYaml, CorsLabels, async target =>
        {
            // A preflight is the node's to answer: nginx would have echoed the method.
            using var preflight = new HttpRequestMessage(HttpMethod.Options, "/api");
            preflight.Headers.TryAddWithoutValidation("Origin", "https://app.example");
            preflight.Headers.TryAddWithoutValidation("Access-Control-Request-Method", "PUT");
            using var answer = await target.SendAsync(preflight);
            Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
            Assert.False(answer.Headers.Contains(EchoNginx.Echoed("Method")));
            Assert.Equal("https://app.example", Single(answer, "Access-Control-Allow-Origin"));
            Assert.Equal("GET,PUT", Single(answer, "Access-Control-Allow-Methods"));
            Assert.Equal("X-Token,Content-Type", Single(answer, "Access-Control-Allow-Headers"));
            Assert.Equal("true", Single(answer, "Access-Control-Allow-Credentials"));
            Assert.Equal("600", Single(answer, "Access-Control-Max-Age"));

            // A request from an origin a pattern allows, over plain HTTP: CORS and the security headers, no HSTS.
            using var get = new HttpRequestMessage(HttpMethod.Get, "/api");
            get.Headers.TryAddWithoutValidation("Origin", "https://shop.example.org");
            using var response = await target.SendAsync(get);
            Assert.Equal("GET", Single(response, EchoNginx.Echoed("Method")));
            Assert.Equal("https://shop.example.org", Single(response, "Access-Control-Allow-Origin"));
            Assert.Contains("Origin", response.Headers.Vary);
            Assert.Equal("X-Echo-Uri", Single(response, "Access-Control-Expose-Headers"));
            Assert.Equal("nosniff", Single(response, "X-Content-Type-Options"));
            Assert.Equal("1; mode=block", Single(response, "X-XSS-Protection"));
            Assert.Equal("default-src 'self'", Single(response, "Content-Security-Policy"));
            Assert.Equal("no-referrer", Single(response, "Referrer-Policy"));
            Assert.Equal("camera=()", Single(response, "Permissions-Policy"));
            // The custom response header comes after the security ones, as in Traefik.
            Assert.Equal("SAMEORIGIN", Single(response, "X-Frame-Options"));
            Assert.False(response.Headers.Contains("Strict-Transport-Security"));

            // An origin nobody allowed gets no CORS answer; a request the ssl proxy header marks as HTTPS gets HSTS.
            using var other = new HttpRequestMessage(HttpMethod.Get, "/api");
            other.Headers.TryAddWithoutValidation("Origin", "https://evil.example.org.attacker");
            other.Headers.TryAddWithoutValidation("X-Forwarded-Proto", "https");
            using var refused = await target.SendAsync(other);
            Assert.False(refused.Headers.Contains("Access-Control-Allow-Origin"));
            Assert.Equal("max-age=31536000; includeSubDomains; preload", Single(refused, "Strict-Transport-Security"));
        });

    [Fact(Timeout = 120_000)]
    public async Task Headers_FrameDenyAndForcedSts_OnPlainHttp()
    {
        await using var backend = await ShapedBackend.StartAsync(2);
        var middleware = "    h:\n      headers:\n        frameDeny: true\n        stsSeconds: 60\n        forceSTSHeader: true\n";
        await using var node = await TestNode.StartAsync(Yaml.SingleRoute(Yaml.Servers(backend.Url), middleware, "h"), "app");

        using var response = await node.Client.GetAsync("/plain");

        Assert.Equal("DENY", Single(response, "X-Frame-Options"));
        Assert.Equal("max-age=60", Single(response, "Strict-Transport-Security"));
    }

    [Fact(Timeout = 120_000)]
    public async Task Headers_WildcardOrigin_StarWithoutVaryAndPreflightOnlyWithBothHeaders()
    {
        await using var backend = await ShapedBackend.StartAsync(2);
        var middleware = "    h:\n      headers:\n        accessControlAllowOriginList: [\"*\"]\n        addVaryHeader: true\n";
        await using var node = await TestNode.StartAsync(Yaml.SingleRoute(Yaml.Servers(backend.Url), middleware, "h"), "app");

        using var get = new HttpRequestMessage(HttpMethod.Get, "/plain");
        get.Headers.TryAddWithoutValidation("Origin", "https://any.example");
        using var response = await node.Client.SendAsync(get);
        // OPTIONS without Access-Control-Request-Method is no preflight: it goes to the server.
        using var options = new HttpRequestMessage(HttpMethod.Options, "/plain");
        options.Headers.TryAddWithoutValidation("Origin", "https://any.example");
        using var forwarded = await node.Client.SendAsync(options);

        Assert.Equal("*", Single(response, "Access-Control-Allow-Origin"));
        Assert.DoesNotContain("Origin", response.Headers.Vary);
        Assert.Equal("plain", await forwarded.Content.ReadAsStringAsync());
    }

    [Fact(Timeout = 120_000)]
    public async Task Headers_AllowedHosts_OtherHostRefusedWithBadHostForwardedHostOnlyFromTrustedPeer()
    {
        await using var backend = await ShapedBackend.StartAsync(2);
        var middleware = "    h:\n      headers:\n        allowedHosts: [good.example]\n        hostsProxyHeaders: [X-Forwarded-Host]\n";
        var yaml = Yaml.SingleRoute(Yaml.Servers(backend.Url), middleware, "h");
        await using var node = await TestNode.StartAsync(yaml, "app");
        await using var trusting = await TestNode.StartAsync(yaml, ["app"], ["--entrypoints.web.forwardedHeaders.trustedIPs=127.0.0.1"]);

        using var good = await Get(node, "good.example", null);
        using var bad = await Get(node, "bad.example", null);
        using var forged = await Get(node, "bad.example", "good.example");
        using var viaProxy = await Get(trusting, "bad.example", "good.example");

        Assert.Equal("plain", await good.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.InternalServerError, bad.StatusCode);
        Assert.Equal("Bad Host\n", await bad.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.InternalServerError, forged.StatusCode);
        Assert.Equal("plain", await viaProxy.Content.ReadAsStringAsync());
    }

    [Theory(Timeout = 120_000)]
    [InlineData("accessControlAllowOriginListRegex: [\"(unclosed\"]", "headers.accessControlAllowOriginListRegex[0]", "is not a valid regular expression")]
    [InlineData("accessControlMaxAge: -1", "headers.accessControlMaxAge", "must not be negative")]
    [InlineData("stsSeconds: -1", "headers.stsSeconds", "must not be negative")]
    public async Task Headers_BadValue_ErrorOnThatMiddlewareOtherRoutersServe(string option, string field, string problem)
    {
        await using var backend = await ShapedBackend.StartAsync(2);
        var yaml = Yaml.SingleRoute(Yaml.Servers(backend.Url), $"    h:\n      headers:\n        {option}\n", "h")
            .Replace("  services:\n", "    other:\n      rule: \"PathPrefix(`/plain`)\"\n      service: app\n  services:\n", StringComparison.Ordinal);
        await using var node = await TestNode.StartAsync(yaml, "other");

        await MiddlewareErrors.WaitForAsync(node.Api, "h@file", field, problem);
        Assert.Equal("disabled", await RoutingApi.RouterStatusAsync(node.Api, "app@file"));
        Assert.Equal("plain", await (await node.Client.GetAsync("/plain")).Content.ReadAsStringAsync());
    }

    private static Task<HttpResponseMessage> Get(TestNode node, string host, string? forwardedHost)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/plain") { Headers = { Host = host } };
        if (forwardedHost is not null)
        {
            request.Headers.TryAddWithoutValidation("X-Forwarded-Host", forwardedHost);
        }

        return node.Client.SendAsync(request);
    }

    private static string? Single(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) || response.Content.Headers.TryGetValues(name, out values)
            ? string.Join("|", values)
            : null;
}
