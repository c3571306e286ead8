using Proxy.Actors.Model.Config;
using Proxy.Actors.Services.SessionAffinity;
using Xunit;

namespace Proxy.Actors.Tests.Services.SessionAffinity;

public sealed class StickyCookieTests
{
    // Written down once, computed elsewhere (Python's hashlib): a change of derivation would split every
    // cluster whose nodes run two builds, so these values must never move.
    [Theory]
    [InlineData("http://10.0.0.1:80", "df5bd2f9c0180410")]
    [InlineData("http://10.0.0.2:80", "e0c6f0ca44f87f06")]
    public void ValueOf_ServerUrl_IsFixedSha256Prefix(string url, string expected) =>
        Assert.Equal(expected, StickyCookie.ValueOf(url));

    // A weighted service's cookie names a child by its qualified name, alike on every node and every build.
    [Theory]
    [InlineData("app-v1@file", "1bc4b4fe4f78c77f")]
    [InlineData("app-v2@file", "a83a62e10322415a")]
    public void ValueOf_ChildServiceName_IsFixedSha256Prefix(string child, string expected) =>
        Assert.Equal(expected, StickyCookie.ValueOf(child));

    [Theory]
    [InlineData("whoami@docker", "_f7b75")]
    [InlineData("svc@file", "_986bb")]
    public void DefaultName_ServiceName_IsUnderscoreAndSha1Prefix(string service, string expected) =>
        Assert.Equal(expected, StickyCookie.DefaultName(service));

    public static TheoryData<StickyCookieConfig, string> Renderings => new()
    {
        { Cookie(), "; Path=/" },
        { Cookie() with { Secure = true, HttpOnly = true, SameSite = "strict", MaxAge = 3600, Path = "/app", Domain = "example.com" },
            "; Path=/app; Domain=example.com; Max-Age=3600; HttpOnly; Secure; SameSite=Strict" },
        { Cookie() with { SameSite = "none", Secure = true }, "; Path=/; Secure; SameSite=None" },
        { Cookie() with { SameSite = "LAX" }, "; Path=/; SameSite=Lax" },
        { Cookie() with { MaxAge = 0 }, "; Path=/" },
        { Cookie() with { MaxAge = -1 }, "; Path=/; Max-Age=0" },
        { Cookie() with { Domain = ".example.com" }, "; Path=/; Domain=example.com" },
        { Cookie() with { HttpOnly = false, Secure = false }, "; Path=/" },
    };

    [Theory]
    [MemberData(nameof(Renderings))]
    public void RenderAttributes_Options_GivesExactAttributes(StickyCookieConfig options, string expected) =>
        Assert.Equal(expected, StickyCookie.RenderAttributes(options));

    [Fact]
    public void SetCookieFor_Server_IsNameValueAndAttributes()
    {
        var cookie = new StickyCookie(Cookie() with { Name = "lb", HttpOnly = true }, ["http://10.0.0.1:80", "http://10.0.0.2:80"]);

        Assert.Equal("lb=df5bd2f9c0180410; Path=/; HttpOnly", cookie.SetCookieFor("http://10.0.0.1:80"));
        Assert.Equal("e0c6f0ca44f87f06", cookie.ValueFor("http://10.0.0.2:80"));
        Assert.Null(cookie.SetCookieFor("http://10.0.0.3:80"));
    }

    private static StickyCookieConfig Cookie() => StickyCookieConfig.Empty with { Name = "c", Path = "/" };
}
