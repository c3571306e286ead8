using Proxy.Actors.Model.Config;
using Proxy.Discovery.Docker;
using Xunit;
using static Proxy.Discovery.Tests.Docker.Containers;

namespace Proxy.Discovery.Tests.Docker;

/// <summary>Traefik's sticky cookie labels, read through the one declaration of the cookie.</summary>
public sealed class StickyLabelTests
{
    private const string Prefix = "proxy.http.services.app.loadbalancer.sticky.cookie";

    [Fact]
    public void Translate_CookieTrue_TurnsStickyOnWithDefaults()
    {
        var cookie = CookieOf(Translate((Prefix, "true")));

        Assert.Equal(StickyCookieConfig.Empty, cookie);
    }

    [Fact]
    public void Translate_CookieFalse_LeavesStickyOff()
    {
        var result = Translate((Prefix, "false"));

        Assert.Empty(result.Errors);
        Assert.Null(result.Config.Services["app"].LoadBalancer!.Sticky?.Cookie);
    }

    [Fact]
    public void Translate_EveryCookieLabel_SetsItsField()
    {
        var cookie = CookieOf(Translate(
            (Prefix + ".name", "lb"),
            (Prefix + ".secure", "true"),
            (Prefix + ".httponly", "true"),
            (Prefix + ".samesite", "strict"),
            (Prefix + ".maxage", "3600"),
            (Prefix + ".path", "/app"),
            (Prefix + ".domain", "example.com")));

        Assert.Equal(new StickyCookieConfig("lb", true, true, "strict", 3600, "/app", "example.com"), cookie);
    }

    [Fact]
    public void Translate_BadMaxAge_LeavesServiceOutWithError()
    {
        var result = Translate((Prefix + ".maxage", "forever"));

        var error = Assert.Single(result.Errors);
        Assert.Equal("http.services.app.loadBalancer.sticky.cookie.maxAge", error.Path);
        Assert.Contains("expected an integer, got 'forever'", error.Message, StringComparison.Ordinal);
        Assert.False(result.Config.Services.ContainsKey("app"));
    }

    [Fact]
    public void Translate_LabelsInAnyCase_ReadAsTraefikReadsThem()
    {
        var cookie = CookieOf(Translate(
            ("proxy.http.services.app.loadbalancer.STICKY.Cookie.NAME", "lb"),
            ("proxy.http.services.app.LoadBalancer.sticky.cookie.SameSite", "LAX")));

        Assert.Equal(StickyCookieConfig.Empty with { Name = "lb", SameSite = "LAX" }, cookie);
    }

    [Theory]
    [InlineData(".maxage", "99999999999", "maxAge", "expected an integer")]
    [InlineData(".maxage", "1e9", "maxAge", "expected an integer")]
    [InlineData(".secure", "yes please", "secure", "")]
    public void Translate_CookieNumberOrSwitchOfAnotherKind_ServiceLeftOutWithErrorOnTheField(string label, string value, string field, string message)
    {
        // Values of the right kind that would break the Set-Cookie header (';', CR/LF in a name, a path, a domain) are
        // the validator's to refuse: ServiceValueValidationTests in Proxy.Actors.Tests.
        var result = Translate((Prefix + label, value));

        var error = Assert.Single(result.Errors);
        Assert.Equal($"http.services.app.loadBalancer.sticky.cookie.{field}", error.Path);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.False(result.Config.Services.ContainsKey("app"));
    }

    [Fact]
    public void Translate_OneCookieFieldGivenTwiceInTwoCases_ErrorNotAChoice()
    {
        var result = Translate((Prefix + ".name", "a"), (Prefix.ToUpperInvariant() + ".NAME", "b"));

        Assert.Contains(result.Errors, e => e.Message.Contains("given twice", StringComparison.Ordinal));
        Assert.False(result.Config.Services.ContainsKey("app"));
    }

    [Fact]
    public void Translate_ReplicasDisagreeingOnSticky_IsAnErrorNamingBoth()
    {
        var result = ContainerTranslator.Translate(
            [
                Compose("blue", 1, "172.18.0.4", ("proxy.http.services.app.loadbalancer.server.port", "80"), (Prefix + ".name", "a")),
                Compose("green", 1, "172.18.0.5", ("proxy.http.services.app.loadbalancer.server.port", "80"), (Prefix + ".name", "b")),
            ],
            DockerProviderOptions.Default);

        var error = Assert.Single(result.Errors, e => e.Path == "http.services.app");
        Assert.Equal(
            "service 'app' is defined differently by containers shop-blue-1 and shop-green-1: sticky differs; the service is left out",
            error.Message);
        Assert.False(result.Config.Services.ContainsKey("app"));
    }

    private static TranslationResult Translate(params (string Key, string Value)[] labels) =>
        ContainerTranslator.Translate(
            [Compose("web", 1, "172.18.0.2", [("proxy.http.services.app.loadbalancer.server.port", "80"), .. labels])],
            DockerProviderOptions.Default);

    private static StickyCookieConfig? CookieOf(TranslationResult result)
    {
        Assert.Empty(result.Errors);
        return result.Config.Services["app"].LoadBalancer!.Sticky?.Cookie;
    }
}
