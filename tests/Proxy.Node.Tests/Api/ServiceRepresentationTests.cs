using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Nodes;
using Proxy.Actors.Configuration.Validation;
using Proxy.Actors.Model;
using Proxy.Actors.Model.Config;
using Proxy.Actors.Model.Views;
using Proxy.Node.Api;
using Xunit;

namespace Proxy.Node.Tests.Api;

/// <summary>
/// The API's <c>loadBalancer</c> of a validated service: Traefik's names, defaults filled in, durations
/// written back as operators write them. Compared as JSON values, so the order of the keys does not matter.
/// </summary>
public sealed class ServiceRepresentationTests
{
    [Fact]
    public void Service_EverythingGiven_ShowsEachFieldUnderItsName()
    {
        var check = HealthCheckConfig.Default with
        {
            Path = "/health", Interval = "1.5s", Timeout = "500ms", Scheme = "https", Hostname = "probe.local", Port = 8443,
            Headers = ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, [KeyValuePair.Create("X-Probe", "1")]),
            Method = "head", Status = 204, FailureThreshold = 3, SuccessThreshold = 2, InitialState = "DOWN",
        };
        var loadBalancer = new LoadBalancerConfig(
            [new ServerConfig("http://a:80/", 3), new ServerConfig("http://b:80", null)], false, check,
            new PassiveHealthCheckConfig(2, "20s", "1m"))
        {
            Strategy = "p2c",
            ResponseForwarding = new ResponseForwardingConfig("-0.001s"),
        };

        var shown = LoadBalancer(loadBalancer);

        AssertJson(
            """
            {"servers":[{"url":"http://a:80","weight":3},{"url":"http://b:80","weight":1}],
             "strategy":"p2c",
             "passHostHeader":false,
             "healthCheck":{"path":"/health","interval":"1500ms","timeout":"500ms","scheme":"https","hostname":"probe.local",
               "port":8443,"method":"HEAD","status":204,"headers":{"X-Probe":"1"},"failureThreshold":3,"successThreshold":2,
               "initialState":"down"},
             "passiveHealthCheck":{"maxFailedAttempts":2,"failureWindow":"20s","cooldown":"60s"},
             "sticky":null,
             "responseForwarding":{"flushInterval":"-1ms"},
             "serversTransport":null}
            """,
            shown);
    }

    [Fact]
    public void Service_OnlyRequiredGiven_ShowsTheDeclaredDefaults()
    {
        var loadBalancer = new LoadBalancerConfig(
            [new ServerConfig("http://a:80", null)], null, HealthCheckConfig.Default with { Path = "/health" },
            PassiveHealthCheckConfig.Empty);

        var shown = LoadBalancer(loadBalancer);

        AssertJson(
            """
            {"servers":[{"url":"http://a:80","weight":1}],
             "strategy":"wrr",
             "passHostHeader":true,
             "healthCheck":{"path":"/health","interval":"30s","timeout":"5s","scheme":null,"hostname":null,
               "port":null,"method":"GET","status":null,"headers":null,"failureThreshold":1,"successThreshold":1,
               "initialState":"up"},
             "passiveHealthCheck":{"maxFailedAttempts":1,"failureWindow":"10s","cooldown":"10s"},
             "sticky":null,
             "responseForwarding":{"flushInterval":"100ms"},
             "serversTransport":null}
            """,
            shown);
    }

    [Fact]
    public void Service_NoHealthChecks_ShowsThemAsNull()
    {
        var shown = LoadBalancer(new LoadBalancerConfig([new ServerConfig("http://a:80", 2)], true, null, null));

        AssertJson(
            """{"servers":[{"url":"http://a:80","weight":2}],"strategy":"wrr","passHostHeader":true,"healthCheck":null,"passiveHealthCheck":null,"sticky":null,"responseForwarding":{"flushInterval":"100ms"},"serversTransport":null}""",
            shown);
    }

    [Fact]
    public void Service_StickyCookieWithoutName_ShowsTheDerivedNameAndDefaults()
    {
        var shown = LoadBalancer(new LoadBalancerConfig([new ServerConfig("http://a:80", 2)], true, null, null)
        {
            Sticky = new StickyConfig(StickyCookieConfig.Empty with { SameSite = "lax" }),
        });

        AssertJson(
            """
            {"servers":[{"url":"http://a:80","weight":2}],"strategy":"wrr","passHostHeader":true,"healthCheck":null,"passiveHealthCheck":null,
             "sticky":{"cookie":{"name":"_03a72","secure":false,"httpOnly":false,"sameSite":"lax","maxAge":0,"path":"/","domain":null}},
             "responseForwarding":{"flushInterval":"100ms"},
             "serversTransport":null}
            """,
            shown);
    }

    private static object? LoadBalancer(LoadBalancerConfig loadBalancer)
    {
        var config = new ServiceConfig(loadBalancer);
        var (serving, errors) = ServiceValidator.Validate("s@file", "s", "file", "file:/x.yml", config);
        Assert.Empty(errors);
        var view = new ServiceView("s@file", "file", config, serving, ObjectStatus.Enabled, [], []);
        return ApiRepresentations.Service(view, null, ImmutableDictionary<string, ImmutableSortedSet<string>>.Empty)["loadBalancer"];
    }

    private static void AssertJson(string expected, object? shown)
    {
        var actual = JsonSerializer.Serialize(shown);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected), JsonNode.Parse(actual)), $"expected {expected}{Environment.NewLine}got {actual}");
    }
}
