using System.Collections.Immutable;
using System.Text.Json;
using Proxy.Actors.Configuration.Validation;
using Proxy.Actors.Model;
using Proxy.Actors.Model.Config;
using Proxy.Actors.Model.Views;
using Proxy.Node.Api;
using Xunit;

namespace Proxy.Node.Tests.Api;

/// <summary>The API shows a middleware's options from their declaration, defaults filled in, under Traefik's names.</summary>
public sealed class MiddlewareRepresentationTests
{
    [Theory]
    [InlineData("retry", """{"attempts":2,"initialInterval":"1500ms","retryNonIdempotent":false,"maxBodyBytes":65536}""")]
    [InlineData("stripPrefix", """{"prefixes":["/api/v1","/api"]}""")]
    [InlineData("addPrefix", """{"prefix":"/v2"}""")]
    [InlineData("headers", """{"customRequestHeaders":{"X-A":"1"},"customResponseHeaders":{"Server":""},"accessControlAllowCredentials":false,"accessControlAllowHeaders":[],"accessControlAllowMethods":[],"accessControlAllowOriginList":[],"accessControlAllowOriginListRegex":[],"accessControlExposeHeaders":[],"accessControlMaxAge":0,"addVaryHeader":false,"allowedHosts":[],"hostsProxyHeaders":[],"sslProxyHeaders":null,"stsSeconds":0,"stsIncludeSubdomains":false,"stsPreload":false,"forceSTSHeader":false,"frameDeny":false,"customFrameOptionsValue":null,"contentTypeNosniff":false,"browserXssFilter":false,"customBrowserXSSValue":null,"contentSecurityPolicy":null,"contentSecurityPolicyReportOnly":null,"publicKey":null,"referrerPolicy":null,"permissionsPolicy":null,"isDevelopment":false}""")]
    [InlineData("compress", """{"encodings":["zstd","br","gzip"],"defaultEncoding":null,"minResponseBodyBytes":1024,"includedContentTypes":[],"excludedContentTypes":[]}""")]
    [InlineData("circuitBreaker", """{"expression":"NetworkErrorRatio() \u003E 0.5","checkPeriod":"100ms","fallbackDuration":"10s","recoveryDuration":"10s","responseCode":503}""")]
    [InlineData("buffering", """{"maxRequestBodyBytes":1000,"memRequestBodyBytes":1048576,"maxResponseBodyBytes":0,"memResponseBodyBytes":1048576}""")]
    public void Middleware_ValidatedOptions_RenderedByTheirDeclaration(string type, string expectedOptions)
    {
        var config = type switch
        {
            "retry" => MiddlewareConfig.Of(new RetryConfig(2, "1.5s", null, null)),
            "stripPrefix" => MiddlewareConfig.Of(new StripPrefixConfig(["/api", "/api/v1"])),
            "addPrefix" => MiddlewareConfig.Of(new AddPrefixConfig("/v2")),
            "circuitBreaker" => MiddlewareConfig.Of(CircuitBreakerConfig.Empty with { Expression = "NetworkErrorRatio() > 0.5" }),
            "buffering" => MiddlewareConfig.Of(BufferingConfig.Empty with { MaxRequestBodyBytes = 1000 }),
            "compress" => MiddlewareConfig.Of(CompressConfig.Empty),
            _ => MiddlewareConfig.Of(new HeadersConfig(
                ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, [KeyValuePair.Create("X-A", "1")]),
                ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, [KeyValuePair.Create("Server", "")]))),
        };
        var (serving, errors) = MiddlewareValidator.Validate("m@file", "m", "file", config);
        Assert.Empty(errors);

        var shown = ApiRepresentations.Middleware(new MiddlewareView("m@file", "file", config, serving, ObjectStatus.Enabled, [], []));

        Assert.Equal(expectedOptions, JsonSerializer.Serialize(shown[type]));
        Assert.Equal(type.ToLowerInvariant(), shown["type"]);
    }
}
