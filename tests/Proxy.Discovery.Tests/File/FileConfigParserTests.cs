using Proxy.Actors.Model;
using Proxy.Discovery.File;
using Xunit;

namespace Proxy.Discovery.Tests.File;

public sealed class FileConfigParserTests
{
    private const string Path = "/etc/proxy/dynamic.yml";
    private const string Source = "file:/etc/proxy/dynamic.yml";

    private const string FullExample = """
        http:
          routers:
            api:
              rule: "Host(`api.example.com`) && PathPrefix(`/v1`)"
              entryPoints: [web, websecure]
              middlewares:
                - strip-v1
                - retry-twice
              service: api-svc
              priority: 10
          services:
            api-svc:
              loadBalancer:
                passHostHeader: false
                servers:
                  - url: http://10.0.0.1:8080
                    weight: 3
                  - url: http://10.0.0.2:8080
                healthCheck:
                  path: /health
                  interval: 10s
                  timeout: 3
                  scheme: https
                  hostname: api.internal
                  port: 8443
                  headers:
                    X-Probe: "1"
                  method: HEAD
                  status: 204
                  failureThreshold: 3
                  successThreshold: 2
                  initialState: unhealthy
                passiveHealthCheck:
                  maxFailedAttempts: 5
                  failureWindow: 30s
                  cooldown: 1m
          middlewares:
            strip-v1:
              stripPrefix:
                prefixes: ["/v1"]
            add-api:
              addPrefix:
                prefix: /api
            retry-twice:
              retry:
                attempts: 2
                initialInterval: 100ms
                retryNonIdempotent: true
                maxBodyBytes: 65536
            tag:
              headers:
                customRequestHeaders:
                  X-Proxy: proxy
                  X-Remove: ""
                customResponseHeaders:
                  X-Served-By: proxy
            limit:
              rateLimit:
                average: 100
        """;

    [Fact]
    public void Parse_FullTraefikExample_ReadsEveryField()
    {
        var parsed = Assert.IsType<FileParseResult.Parsed>(FileConfigParser.Parse(FullExample, Path));

        Assert.Empty(parsed.Errors);
        var router = Assert.Single(parsed.Config.Routers).Value;
        Assert.Equal("Host(`api.example.com`) && PathPrefix(`/v1`)", router.Rule);
        Assert.Equal<string>(["web", "websecure"], router.EntryPoints);
        Assert.Equal<string>(["strip-v1", "retry-twice"], router.Middlewares);
        Assert.Equal("api-svc", router.Service);
        Assert.Equal(10, router.Priority);

        var lb = parsed.Config.Services["api-svc"].LoadBalancer!;
        Assert.False(lb.PassHostHeader);
        Assert.Equal(2, lb.Servers.Length);
        Assert.Equal(("http://10.0.0.1:8080", (int?)3), (lb.Servers[0].Url, lb.Servers[0].Weight));
        Assert.Equal(("http://10.0.0.2:8080", (int?)null), (lb.Servers[1].Url, lb.Servers[1].Weight));
        Assert.False(lb.Servers[0].Draining);
        Assert.All(lb.Servers, s => Assert.Equal($"file:{Path}", s.Source));

        var health = lb.HealthCheck!;
        Assert.Equal(
            ("/health", "10s", "3", "https", "api.internal", (int?)8443, "HEAD", (int?)204),
            (health.Path, health.Interval, health.Timeout, health.Scheme, health.Hostname, health.Port, health.Method, health.Status));
        Assert.Equal(((int?)3, (int?)2, "unhealthy"), (health.FailureThreshold, health.SuccessThreshold, health.InitialState));
        Assert.Equal("1", Assert.Single(health.Headers, h => h.Key == "X-Probe").Value);
        Assert.Equal(((int?)5, "30s", "1m"), (lb.PassiveHealthCheck!.MaxFailedAttempts, lb.PassiveHealthCheck.FailureWindow, lb.PassiveHealthCheck.Cooldown));

        var middlewares = parsed.Config.Middlewares;
        Assert.Equal<string>(["add-api", "limit", "retry-twice", "strip-v1", "tag"], middlewares.Keys);
        Assert.Equal<string>(["/v1"], middlewares["strip-v1"].Get<Actors.Model.Config.StripPrefixConfig>()!.Prefixes);
        Assert.Equal("/api", middlewares["add-api"].Get<Actors.Model.Config.AddPrefixConfig>()!.Prefix);
        Assert.Equal(new Actors.Model.Config.RetryConfig(2, "100ms", true, 65536), middlewares["retry-twice"].Get<Actors.Model.Config.RetryConfig>());
        var headers = middlewares["tag"].Get<Actors.Model.Config.HeadersConfig>()!;
        Assert.Equal("proxy", headers.CustomRequestHeaders["X-Proxy"]);
        Assert.Equal("", headers.CustomRequestHeaders["X-Remove"]);
        Assert.Equal("proxy", headers.CustomResponseHeaders["X-Served-By"]);
        Assert.Equal(100, middlewares["limit"].Get<Actors.Model.Config.RateLimitConfig>()!.Average);
        Assert.Null(middlewares["limit"].Get<Actors.Model.Config.RetryConfig>());
    }

    [Theory]
    [InlineData("")]
    [InlineData("# only a comment\n")]
    [InlineData("http:\n")]
    [InlineData("http:\n  routers:\n")]
    public void Parse_EmptyContent_EmptyConfigWithoutErrors(string yaml)
    {
        var parsed = Assert.IsType<FileParseResult.Parsed>(FileConfigParser.Parse(yaml, Path));

        Assert.Empty(parsed.Errors);
        Assert.Empty(parsed.Config.Routers);
        Assert.Empty(parsed.Config.Services);
        Assert.Empty(parsed.Config.Middlewares);
    }

    [Theory]
    [InlineData("http:\n  routers:\n    api:\n      rule: [a\n", "line 5, column 1: ")]
    [InlineData("http:\n  routers:\n    api:\n      rule: a\n     service: b\n", "line 5, column 6: ")]
    [InlineData("http:\n  routers: {}\n  routers: {}\n", "line 3, column 3: ")]
    public void Parse_SyntaxError_WholeFileUnreadableWithLineAndColumn(string yaml, string expectedPrefix)
    {
        var unreadable = Assert.IsType<FileParseResult.Unreadable>(FileConfigParser.Parse(yaml, Path));

        var error = Assert.Single(unreadable.Errors);
        Assert.Equal(Source, error.Source);
        Assert.Equal("", error.Path);
        Assert.StartsWith(expectedPrefix, error.Message);
        Assert.DoesNotContain("Idx:", error.Message);
    }

    [Theory]
    [InlineData("- a\n- b\n", "line 1: expected a mapping with an 'http' section, got a list")]
    [InlineData("http: {}\n---\nhttp: {}\n", "line 3: the file has 2 YAML documents; only one is supported")]
    public void Parse_RootNotOneMapping_WholeFileUnreadable(string yaml, string expectedMessage)
    {
        var unreadable = Assert.IsType<FileParseResult.Unreadable>(FileConfigParser.Parse(yaml, Path));

        Assert.Equal(new ConfigError(Source, "", expectedMessage), Assert.Single(unreadable.Errors));
    }

    /// <summary>
    /// Each case: the section holding one broken object "bad" (its YAML indented as in the file),
    /// and the path and message of the single error expected. The file always starts with a good
    /// router "ok" on lines 1-4, so a broken router starts on line 5 and any other section key is line 5.
    /// </summary>
    public static TheoryData<string, string, string, string> ObjectErrors => new()
    {
        {
            "routers", "    bad:\n      rule: Path(`/`)\n      priority: abc\n",
            "http.routers.bad.priority", "line 7: expected an integer, got 'abc'; router 'bad' is left out"
        },
        {
            "routers", "    bad:\n      rule: [a, b]\n",
            "http.routers.bad.rule", "line 6: expected a string, got a list; router 'bad' is left out"
        },
        {
            "routers", "    bad:\n      entryPoints: web\n",
            "http.routers.bad.entryPoints", "line 6: expected a list, got 'web'; router 'bad' is left out"
        },
        {
            "routers", "    bad:\n      middlewares: [a, {b: c}]\n",
            "http.routers.bad.middlewares[1]", "line 6: expected a string, got a mapping; router 'bad' is left out"
        },
        {
            "routers", "    bad:\n      entrypoint: [web]\n",
            "http.routers.bad.entrypoint",
            "line 6: unknown or unsupported field 'entrypoint', did you mean 'entryPoints'? (expected one of: rule, entryPoints, middlewares, service, priority, tls); router 'bad' is left out"
        },
        {
            "routers", "    bad:\n      rule: a\n      Rule: b\n",
            "http.routers.bad.Rule", "line 7: field given twice ('rule' on line 6); router 'bad' is left out"
        },
        {
            "routers", "    bad: 5\n",
            "http.routers.bad", "line 5: expected a mapping, got '5'; router 'bad' is left out"
        },
        {
            "services", "    bad:\n      loadBalancer:\n        servers: 5\n",
            "http.services.bad.loadBalancer.servers", "line 8: expected a list of servers, got '5'; service 'bad' is left out"
        },
        {
            "services", "    bad:\n      loadBalancer:\n        servers:\n          - url: http://a\n            wieght: 2\n",
            "http.services.bad.loadBalancer.servers[0].wieght",
            "line 10: unknown or unsupported field 'wieght', did you mean 'weight'? (expected one of: url, weight); service 'bad' is left out"
        },
        {
            "services", "    bad:\n      loadBalancer:\n        passHostHeader: maybe\n",
            "http.services.bad.loadBalancer.passHostHeader", "line 8: expected true or false, got 'maybe'; service 'bad' is left out"
        },
        {
            "services", "    bad:\n      loadBalancer:\n        sticky:\n          cookie:\n            sameSit: lax\n",
            "http.services.bad.loadBalancer.sticky.cookie.sameSit",
            "line 10: unknown or unsupported field 'sameSit', did you mean 'sameSite'? (expected one of: name, secure, httpOnly, sameSite, maxAge, path, domain); service 'bad' is left out"
        },
        {
            "services", "    bad:\n      loadBalancer:\n        healthCheck:\n          intervall: 5s\n",
            "http.services.bad.loadBalancer.healthCheck.intervall",
            "line 9: unknown or unsupported field 'intervall', did you mean 'interval'? (expected one of: path, interval, timeout, scheme, hostname, port, headers, method, status, failureThreshold, successThreshold, initialState); service 'bad' is left out"
        },
        {
            "services", "    bad:\n      loadBalancer:\n        healthCheck:\n          headers: [a]\n",
            "http.services.bad.loadBalancer.healthCheck.headers", "line 9: expected a mapping, got a list; service 'bad' is left out"
        },
        {
            "services", "    bad:\n      loadBalancer:\n        passiveHealthCheck:\n          maxFailedAttempts: many\n",
            "http.services.bad.loadBalancer.passiveHealthCheck.maxFailedAttempts", "line 9: expected an integer, got 'many'; service 'bad' is left out"
        },
        {
            "services", "    bad:\n      weighted:\n        services: [{name: a}]\n        sticky:\n          cookie:\n            sameSit: lax\n",
            "http.services.bad.weighted.sticky.cookie.sameSit",
            "line 11: unknown or unsupported field 'sameSit', did you mean 'sameSite'? (expected one of: name, secure, httpOnly, sameSite, maxAge, path, domain); service 'bad' is left out"
        },
        {
            "services", "    bad: {}\n",
            "http.services.bad", "line 6: a service needs one of loadBalancer, weighted, mirroring or failover; service 'bad' is left out"
        },
        {
            "middlewares", "    bad:\n      retry:\n        attempts: twice\n",
            "http.middlewares.bad.retry.attempts", "line 8: expected an integer, got 'twice'; middleware 'bad' is left out"
        },
        {
            "middlewares", "    bad:\n      stripPrefix:\n        prefixes: /v1\n",
            "http.middlewares.bad.stripPrefix.prefixes", "line 8: expected a list, got '/v1'; middleware 'bad' is left out"
        },
        {
            "middlewares", "    bad:\n      buffering:\n        retryExpression: IsNetworkError() && Attempts() < 2\n",
            "http.middlewares.bad.buffering.retryExpression",
            "line 8: buffering's 'retryExpression' is not supported; put a retry middleware after buffering, which replays the buffered body; middleware 'bad' is left out"
        },
        {
            "middlewares", "    bad:\n      headers:\n        sslRedirect: true\n",
            "http.middlewares.bad.headers.sslRedirect",
            "line 8: unknown or unsupported field 'sslRedirect' (expected one of: customRequestHeaders, customResponseHeaders, accessControlAllowCredentials, accessControlAllowHeaders, accessControlAllowMethods, accessControlAllowOriginList, accessControlAllowOriginListRegex, accessControlExposeHeaders, accessControlMaxAge, addVaryHeader, allowedHosts, hostsProxyHeaders, sslProxyHeaders, stsSeconds, stsIncludeSubdomains, stsPreload, forceSTSHeader, frameDeny, customFrameOptionsValue, contentTypeNosniff, browserXssFilter, customBrowserXSSValue, contentSecurityPolicy, contentSecurityPolicyReportOnly, publicKey, referrerPolicy, permissionsPolicy, isDevelopment); middleware 'bad' is left out"
        },
        {
            "middlewares", "    bad:\n      addPrefix: /api\n",
            "http.middlewares.bad.addPrefix", "line 7: expected a mapping, got '/api'; middleware 'bad' is left out"
        },
        {
            "serversTransports", "    bad:\n      spiffe:\n        trustDomain: example.org\n",
            "http.serversTransports.bad.spiffe",
            "line 7: serversTransport.spiffe is not supported (no SPIFFE workload API here): use rootCAs and peerCertURI; servers transport 'bad' is left out"
        },
        {
            "midlewares", "    bad: {}\n",
            "http.midlewares", "line 5: 'midlewares' is not supported (only routers, services, middlewares and serversTransports are; did you mean 'middlewares'?); it is ignored"
        },
        {
            "routers", "    bad:\n      rule: Path(`/`)\n      tls:\n        certResolvr: le\n",
            "http.routers.bad.tls.certResolvr",
            "line 8: unknown or unsupported field 'certResolvr', did you mean 'certResolver'? (expected one of: certResolver, domains, options); router 'bad' is left out"
        },
        {
            "routers", "    bad:\n      ? [rule]\n      : Path(`/`)\n",
            "http.routers.bad", "line 6: expected a field name, got a list; router 'bad' is left out"
        },
        {
            "middlewares", "    bad:\n      headers:\n        customRequestHeaders:\n          ? [X-A]\n          : a\n",
            "http.middlewares.bad.headers.customRequestHeaders", "line 9: expected a name, got a list; middleware 'bad' is left out"
        },
    };

    [Theory]
    [MemberData(nameof(ObjectErrors))]
    public void Parse_BrokenObject_ReportsItAndKeepsTheRest(string section, string body, string expectedPath, string expectedMessage)
    {
        var yaml = "http:\n  routers:\n    ok:\n      rule: Path(`/ok`)\n" + (section == "routers" ? "" : $"  {section}:\n") + body;

        var parsed = Assert.IsType<FileParseResult.Parsed>(FileConfigParser.Parse(yaml, Path));

        Assert.Equal(new ConfigError(Source, expectedPath, expectedMessage), Assert.Single(parsed.Errors));
        Assert.Equal("Path(`/ok`)", Assert.Single(parsed.Config.Routers).Value.Rule);
        Assert.Empty(parsed.Config.Services);
        Assert.Empty(parsed.Config.Middlewares);
    }

    [Fact]
    public void Parse_SeveralWrongFieldsInOneObject_ReportsEachOnce()
    {
        const string yaml = "http:\n  routers:\n    bad:\n      priority: high\n      entryPoints: web\n";

        var parsed = Assert.IsType<FileParseResult.Parsed>(FileConfigParser.Parse(yaml, Path));

        Assert.Equal<string>(["http.routers.bad.entryPoints", "http.routers.bad.priority"], parsed.Errors.Select(e => e.Path).Order());
        Assert.Empty(parsed.Config.Routers);
    }

    [Theory]
    [InlineData("tcp:\n  routers: {}\n", "tcp", "line 1: 'tcp' configuration is not supported (only http and tls are); it is ignored")]
    [InlineData("udp:\n  routers: {}\n", "udp", "line 1: 'udp' configuration is not supported (only http and tls are); it is ignored")]
    [InlineData("htpp:\n  routers: {}\n", "htpp", "line 1: 'htpp' configuration is not supported (only http and tls are; did you mean 'http'?); it is ignored")]
    public void Parse_OtherTopLevelSection_ReportedAndHttpKept(string other, string expectedPath, string expectedMessage)
    {
        var yaml = other + "http:\n  routers:\n    ok:\n      rule: Path(`/`)\n";

        var parsed = Assert.IsType<FileParseResult.Parsed>(FileConfigParser.Parse(yaml, Path));

        Assert.Equal(new ConfigError(Source, expectedPath, expectedMessage), Assert.Single(parsed.Errors));
        Assert.Single(parsed.Config.Routers);
    }

    [Fact]
    public void Parse_KeysInOtherCase_MatchedLikeTraefik()
    {
        const string yaml = "HTTP:\n  Routers:\n    api:\n      entrypoints: [web]\n      RULE: Path(`/`)\n  middlewares:\n    m:\n      StripPrefix:\n        Prefixes: [/a]\n";

        var parsed = Assert.IsType<FileParseResult.Parsed>(FileConfigParser.Parse(yaml, Path));

        Assert.Empty(parsed.Errors);
        Assert.Equal<string>(["web"], parsed.Config.Routers["api"].EntryPoints);
        Assert.Equal("Path(`/`)", parsed.Config.Routers["api"].Rule);
        Assert.Equal<string>(["/a"], parsed.Config.Middlewares["m"].Get<Actors.Model.Config.StripPrefixConfig>()!.Prefixes);
    }

    [Theory]
    [InlineData("strategy: hrw", "hrw")]
    [InlineData("Strategy: \"leasttime\"", "leasttime")]
    [InlineData("strategy: nonsense", "nonsense")]
    [InlineData("passHostHeader: true", null)]
    public void Parse_LoadBalancerStrategy_ReadAsWritten(string line, string? expected)
    {
        var yaml = $"http:\n  services:\n    s:\n      loadBalancer:\n        {line}\n        servers:\n          - url: http://127.0.0.1:1\n";

        var parsed = Assert.IsType<FileParseResult.Parsed>(FileConfigParser.Parse(yaml, Path));

        // The value is checked where every declared check runs, by the validator (ConfigValidatorTests).
        Assert.Empty(parsed.Errors);
        Assert.Equal(expected, parsed.Config.Services["s"].LoadBalancer!.Strategy);
    }

    [Fact]
    public void Parse_NamesDifferingOnlyInCase_AreTwoObjects()
    {
        const string yaml = "http:\n  routers:\n    api:\n      rule: a\n    API:\n      rule: b\n";

        var parsed = Assert.IsType<FileParseResult.Parsed>(FileConfigParser.Parse(yaml, Path));

        Assert.Empty(parsed.Errors);
        Assert.Equal(2, parsed.Config.Routers.Count);
    }

    [Theory]
    [InlineData("interval: 10", "10")]
    [InlineData("interval: 1.5", "1.5")]
    [InlineData("interval: 500ms", "500ms")]
    [InlineData("interval: \"null\"", "null")]
    [InlineData("interval:", null)]
    [InlineData("interval: ~", null)]
    public void Parse_DurationScalar_KeptAsRawText(string line, string? expected)
    {
        var yaml = $"http:\n  services:\n    s:\n      loadBalancer:\n        healthCheck:\n          {line}\n";

        var parsed = Assert.IsType<FileParseResult.Parsed>(FileConfigParser.Parse(yaml, Path));

        Assert.Empty(parsed.Errors);
        Assert.Equal(expected, parsed.Config.Services["s"].LoadBalancer!.HealthCheck!.Interval);
    }

    [Theory]
    [InlineData("true", true)]
    [InlineData("False", false)]
    [InlineData("\"true\"", true)]
    [InlineData("1", true)]
    public void Parse_BoolSpellings_AcceptedAsTraefikDoes(string text, bool expected)
    {
        var yaml = $"http:\n  services:\n    s:\n      loadBalancer:\n        passHostHeader: {text}\n";

        var parsed = Assert.IsType<FileParseResult.Parsed>(FileConfigParser.Parse(yaml, Path));

        Assert.Empty(parsed.Errors);
        Assert.Equal(expected, parsed.Config.Services["s"].LoadBalancer!.PassHostHeader);
    }

    [Fact]
    public void Parse_TraefikDocsSpelling_LowercaseSectionsAndQuotedNumbers()
    {
        // As written in Traefik's own service reference: "healthcheck", "passiveHealthcheck", a quoted count.
        const string yaml = "http:\n  services:\n    s:\n      loadBalancer:\n        healthcheck:\n          path: /health\n        passiveHealthcheck:\n          failureWindow: \"3s\"\n          maxFailedAttempts: \"3\"\n";

        var parsed = Assert.IsType<FileParseResult.Parsed>(FileConfigParser.Parse(yaml, Path));

        Assert.Empty(parsed.Errors);
        var lb = parsed.Config.Services["s"].LoadBalancer!;
        Assert.Equal("/health", lb.HealthCheck!.Path);
        Assert.Equal(3, lb.PassiveHealthCheck!.MaxFailedAttempts);
    }

    [Fact]
    public void Parse_AnchorAndAlias_AliasReadAsTheAnchoredValue()
    {
        const string yaml = "http:\n  routers:\n    a:\n      entryPoints: &eps [web, websecure]\n    b:\n      entryPoints: *eps\n";

        var parsed = Assert.IsType<FileParseResult.Parsed>(FileConfigParser.Parse(yaml, Path));

        Assert.Empty(parsed.Errors);
        Assert.Equal<string>(["web", "websecure"], parsed.Config.Routers["b"].EntryPoints);
    }

    [Fact]
    public void Parse_MergeKey_ReportedAsUnknownField()
    {
        const string yaml = "http:\n  routers:\n    a: &base\n      rule: Path(`/`)\n    b:\n      <<: *base\n";

        var parsed = Assert.IsType<FileParseResult.Parsed>(FileConfigParser.Parse(yaml, Path));

        Assert.Equal("http.routers.b.<<", Assert.Single(parsed.Errors).Path);
        Assert.Equal<string>(["a"], parsed.Config.Routers.Keys);
    }

    [Fact]
    public void Parse_NestingDeeperThanTheLimit_UnreadableNamingLimitAndPlace()
    {
        var yaml = "http:\n  routers: " + new string('[', 100_000) + "\n";

        var unreadable = Assert.IsType<FileParseResult.Unreadable>(FileConfigParser.Parse(yaml, Path));

        var error = Assert.Single(unreadable.Errors);
        Assert.Equal(Source, error.Source);
        Assert.Equal("line 2, column 74: nesting deeper than 64 levels (the limit for a dynamic configuration file)", error.Message);
    }

    [Fact]
    public void Parse_AliasBomb_ReadInLinearTime()
    {
        // Billion laughs: 9^9 strings if aliases were copies. YamlDotNet's node tree shares the
        // anchored node, and the parser only walks the fields it knows, so this stays small and fast.
        var bomb = new System.Text.StringBuilder("lol0: &lol0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for (var level = 1; level <= 9; level++)
        {
            bomb.Append($"lol{level}: &lol{level} [{string.Join(", ", Enumerable.Repeat($"*lol{level - 1}", 9))}]\n");
        }

        bomb.Append("http:\n  routers:\n    r:\n      entryPoints: *lol9\n      middlewares: *lol9\n")
            .Append("  services:\n    s:\n      loadBalancer:\n        servers: *lol9\n");
        var clock = System.Diagnostics.Stopwatch.StartNew();

        var parsed = Assert.IsType<FileParseResult.Parsed>(FileConfigParser.Parse(bomb.ToString(), Path));

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"took {clock.Elapsed}");
        Assert.Empty(parsed.Config.Routers);
        Assert.Empty(parsed.Config.Services);
        Assert.InRange(parsed.Errors.Length, 1, 100);
    }
}
