using Proxy.Actors.Model;
using Proxy.Actors.Routing;
using Proxy.Actors.Routing.Middlewares;
using Proxy.Node.Forwarding;
using Proxy.Node.Hosting;
using Xunit;

namespace Proxy.Node.Tests.Forwarding;

public sealed class RedirectLocationTests
{
    private static readonly EntryPointRedirection ToSecure = new("websecure", "https", 8443, true, EntryPointRedirection.DefaultPriority);
    private static readonly EntryPointRedirection ToDefaultPort = new("websecure", "https", null, true, EntryPointRedirection.DefaultPriority);

    [Theory]
    [InlineData("app.example", "/", "https://app.example:8443/")]
    [InlineData("app.example:8000", "/a/b?x=1&y=%20z", "https://app.example:8443/a/b?x=1&y=%20z")]
    [InlineData("APP.Example.", "/%2e%2e/%2F?", "https://APP.Example.:8443/%2e%2e/%2F?")]
    [InlineData("my_service", "//evil.example/x", "https://my_service:8443//evil.example/x")]
    [InlineData("127.0.0.1:80", "/\\evil.example", "https://127.0.0.1:8443/\\evil.example")]
    [InlineData("[::1]:8000", "/p", "https://[::1]:8443/p")]
    [InlineData("app.example", "http://evil.example/p?q", "https://app.example:8443/p?q")]
    [InlineData("app.example", "http://evil.example?q", "https://app.example:8443/?q")]
    [InlineData("app.example", "https://evil.example", "https://app.example:8443/")]
    public void Build_HostAndTarget_LocationOnRequestHostAtTargetPort(string host, string target, string location)
    {
        Assert.Equal(location, RedirectLocation.Build(ToSecure, host, target, out var problem));
        Assert.Null(problem);
    }

    [Fact]
    public void Build_SchemeDefaultPort_PortLeftOut()
    {
        Assert.Equal("https://app.example/p", RedirectLocation.Build(ToDefaultPort, "app.example:80", "/p", out _));
    }

    [Theory]
    [InlineData("", "/", "no Host header to redirect to")]
    [InlineData("evil.example@app.example", "/", "the Host header is not a host name")]
    [InlineData("app.example:80@evil.example", "/", "the Host header is not a host name")]
    [InlineData("evil.example/x", "/", "the Host header is not a host name")]
    [InlineData("evil.example\\x", "/", "the Host header is not a host name")]
    [InlineData("evil.example#", "/", "the Host header is not a host name")]
    [InlineData("evil.example?", "/", "the Host header is not a host name")]
    [InlineData("a b", "/", "the Host header is not a host name")]
    [InlineData("app.example\r\nSet-Cookie: x", "/", "the Host header is not a host name")]
    [InlineData("app..example", "/", "the Host header is not a host name")]
    [InlineData("app.example:", "/", "the Host header is not a host name")]
    [InlineData("app.example:8x", "/", "the Host header is not a host name")]
    [InlineData("[::1]evil", "/", "the Host header is not a host name")]
    [InlineData("[evil.example]", "/", "the Host header is not a host name")]
    [InlineData("app.example", "*", "the request target cannot be redirected")]
    [InlineData("app.example", "app.example:443", "the request target cannot be redirected")]
    [InlineData("app.example", "/a\r\nSet-Cookie: x", "the request target cannot be redirected")]
    [InlineData("app.example", "/a b", "the request target cannot be redirected")]
    public void Build_HostileHostOrTarget_RefusedWithProblem(string host, string target, string expected)
    {
        Assert.Null(RedirectLocation.Build(ToSecure, host, target, out var problem));
        Assert.Equal(expected, problem);
    }

    [Theory]
    [InlineData(true, "GET", 301)]
    [InlineData(true, "POST", 308)]
    [InlineData(true, "HEAD", 308)]
    [InlineData(false, "GET", 302)]
    [InlineData(false, "DELETE", 307)]
    public void Status_PermanentAndMethod_TraefikCodes(bool permanent, string method, int status)
    {
        Assert.Equal(status, RedirectResponse.Status(permanent, method));
    }

    [Theory]
    [InlineData(null, 10, true)]
    [InlineData(9, 10, true)]
    [InlineData(10, 10, true)]
    [InlineData(11, 10, false)]
    [InlineData(int.MaxValue - 1, EntryPointRedirection.DefaultPriority, true)]
    [InlineData(int.MaxValue, EntryPointRedirection.DefaultPriority, false)]
    public void Applies_RouterPriority_OnlyHigherPriorityRouterServes(int? routerPriority, int redirectionPriority, bool redirected)
    {
        var route = routerPriority is { } priority
            ? new RouteTarget("app@file", "app@file", MiddlewareChain.Empty, new RouterCounters()) { Priority = priority }
            : null;

        Assert.Equal(redirected, EntryPointRedirect.Applies(ToSecure with { Priority = redirectionPriority }, route));
    }
}
