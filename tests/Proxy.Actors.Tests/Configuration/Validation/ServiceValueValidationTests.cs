using Proxy.Actors.Model;
using Proxy.Actors.Model.Config;
using Xunit;
using static Proxy.Actors.Tests.Model.Configs;

namespace Proxy.Actors.Tests.Configuration.Validation;

/// <summary>
/// Values of the right type that a provider passes on as written (a label's value, a YAML scalar) and that must
/// not be served: a sticky cookie's attributes that would break the <c>Set-Cookie</c> header or add to it, and
/// durations, strategies and numbers out of range. Each disables its service with an error on the field; the
/// other service serves.
/// </summary>
public sealed class ServiceValueValidationTests
{
    [Theory]
    [InlineData("name", "a;b", "is not a cookie name")]
    [InlineData("name", "a=b", "is not a cookie name")]
    [InlineData("name", "a b", "is not a cookie name")]
    [InlineData("name", "a\r\nSet-Cookie: admin=1", "is not a cookie name")]
    [InlineData("name", "sésame", "is not a cookie name")]
    [InlineData("name", "", "is not a cookie name")]
    [InlineData("path", "/;Domain=evil.example", "must not contain ';', control or non-ASCII characters")]
    [InlineData("path", "/a\r\nX: 1", "must not contain ';', control or non-ASCII characters")]
    [InlineData("path", "/é", "must not contain ';', control or non-ASCII characters")]
    [InlineData("path", "app", "must start with '/'")]
    [InlineData("domain", "example.com; Secure", "is not a domain name")]
    [InlineData("domain", "exa\nmple.com", "is not a domain name")]
    [InlineData("domain", "%65xample.com", "is not a domain name")]
    [InlineData("sameSite", "sometimes", "must be none or lax or strict")]
    [InlineData("sameSite", "lax; Domain=evil.example", "must be none or lax or strict")]
    public void Validate_StickyCookieAttributeThatWouldBreakTheHeader_ServiceDisabledErrorOnTheField(string field, string value, string message)
    {
        var cookie = field switch
        {
            "name" => StickyCookieConfig.Empty with { Name = value },
            "path" => StickyCookieConfig.Empty with { Path = value },
            "domain" => StickyCookieConfig.Empty with { Domain = value },
            _ => StickyCookieConfig.Empty with { SameSite = value },
        };

        AssertDisabled(WithLoadBalancer(lb => lb with { Sticky = new StickyConfig(cookie) }), $"loadBalancer.sticky.cookie.{field}", message);
    }

    [Theory]
    [InlineData("1e400s", "is not a duration")]
    [InlineData("1e400", "is not a duration")]
    [InlineData("NaN", "is not a duration")]
    [InlineData("Infinity", "is not a duration")]
    [InlineData("-1e400", "is not a duration")]
    [InlineData("99999999999999999999h", "is not a duration")]
    [InlineData("--1s", "is not a duration")]
    [InlineData("25h", "is longer than the maximum, 24h")]
    public void Validate_FlushIntervalOutOfRange_ServiceDisabledErrorOnTheField(string interval, string message) =>
        AssertDisabled(
            WithLoadBalancer(lb => lb with { ResponseForwarding = new ResponseForwardingConfig(interval) }), "loadBalancer.responseForwarding.flushInterval", message);

    [Theory]
    [InlineData("WRR")]
    [InlineData("wrr ")]
    [InlineData("round-robin")]
    public void Validate_UnknownStrategy_ServiceDisabledErrorOnTheField(string strategy) =>
        AssertDisabled(WithLoadBalancer(lb => lb with { Strategy = strategy }), "loadBalancer.strategy", "must be wrr or p2c or hrw or leasttime");

    [Fact]
    public void Validate_WeightOfIntMinValue_ServiceDisabledErrorOnTheField() =>
        AssertDisabled(
            ServiceConfig.Empty with { Weighted = new WeightedConfig([new WeightedServiceConfig("other", int.MinValue)], null) },
            "weighted.services[0].weight",
            "must not be negative");

    [Fact]
    public void Validate_MaxBodySizeOfLongMinValue_ServiceDisabledErrorOnTheField() =>
        AssertDisabled(
            ServiceConfig.Empty with { Mirroring = new MirroringConfig("other", [], long.MinValue, null, null) },
            "mirroring.maxBodySize",
            "must be at least -1");

    private static ServiceConfig WithLoadBalancer(Func<LoadBalancerConfig, LoadBalancerConfig> change)
    {
        var service = Service("http://127.0.0.1:8081");
        return service with { LoadBalancer = change(service.LoadBalancer!) };
    }

    private static void AssertDisabled(ServiceConfig service, string field, string message)
    {
        var result = Validation.Run(Validation.Provider("file", Dynamic(
            routers: [("r", Router())],
            services: [("svc", service), ("other", Service("http://127.0.0.1:8082"))])));

        var view = result.View.Services["svc@file"];
        Assert.Equal(ObjectStatus.Disabled, view.Status);
        Assert.Contains(view.Errors, e => e.Path == $"http.services.svc.{field}" && e.Message.Contains(message, StringComparison.Ordinal));
        Assert.False(result.Services.ContainsKey("svc@file"));
        Assert.True(result.Services.ContainsKey("other@file"));
    }
}
