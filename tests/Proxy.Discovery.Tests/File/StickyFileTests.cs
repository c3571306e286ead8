using Proxy.Actors.Model.Config;
using Proxy.Discovery.File;
using Xunit;

namespace Proxy.Discovery.Tests.File;

/// <summary>Traefik's <c>loadBalancer.sticky.cookie</c> and <c>weighted.sticky.cookie</c> in the file provider.</summary>
public sealed class StickyFileTests
{
    [Fact]
    public void Parse_EveryCookieOption_SetsItsField()
    {
        var cookie = CookieOf("""
            sticky:
                      cookie:
                        name: lb
                        secure: true
                        httpOnly: true
                        sameSite: none
                        maxAge: 60
                        path: /app
                        domain: example.com
            """);

        Assert.Equal(new StickyCookieConfig("lb", true, true, "none", 60, "/app", "example.com"), cookie);
    }

    [Theory]
    [InlineData("sticky:\n          cookie: {}")]
    [InlineData("sticky:\n          cookie:")]
    public void Parse_EmptyCookie_TurnsStickyOnWithDefaults(string sticky) =>
        Assert.Equal(StickyCookieConfig.Empty, CookieOf(sticky));

    [Fact]
    public void Parse_NoSticky_LeavesItOff() =>
        Assert.Null(Parse("passHostHeader: true").Config.Services["svc"].LoadBalancer!.Sticky);

    [Fact]
    public void Parse_WeightedSticky_SetsTheWeightedServicesOwnCookie()
    {
        var parsed = Assert.IsType<FileParseResult.Parsed>(FileConfigParser.Parse(
            """
            http:
              services:
                canary:
                  weighted:
                    services:
                      - name: v1
                        weight: 3
                      - name: v2
                        weight: 1
                    sticky:
                      cookie:
                        name: canary
                        secure: true
                        httpOnly: true
                        sameSite: strict
                        maxAge: 600
                        path: /shop
                        domain: example.com
            """,
            "/etc/proxy/dynamic.yml"));

        Assert.Empty(parsed.Errors);
        Assert.Equal(
            new StickyCookieConfig("canary", true, true, "strict", 600, "/shop", "example.com"),
            parsed.Config.Services["canary"].Weighted!.Sticky?.Cookie);
    }

    private static StickyCookieConfig? CookieOf(string sticky)
    {
        var parsed = Parse(sticky);
        Assert.Empty(parsed.Errors);
        return parsed.Config.Services["svc"].LoadBalancer!.Sticky?.Cookie;
    }

    private static FileParseResult.Parsed Parse(string loadBalancerExtra) =>
        Assert.IsType<FileParseResult.Parsed>(FileConfigParser.Parse(
            $"""
            http:
              services:
                svc:
                  loadBalancer:
                    servers:
                      - url: http://127.0.0.1:8081
                    {loadBalancerExtra}
            """,
            "/etc/proxy/dynamic.yml"));
}
