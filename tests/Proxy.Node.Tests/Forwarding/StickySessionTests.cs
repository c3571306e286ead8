using Akka.Actor;
using Microsoft.AspNetCore.Http;
using Proxy.Actors.Model;
using Proxy.Actors.Model.Config;
using Proxy.Actors.Services.SessionAffinity;
using Proxy.Node.Forwarding;
using Xunit;

namespace Proxy.Node.Tests.Forwarding;

/// <summary>
/// A failed attempt takes back the sticky cookies it stamped (the server's, and the weighted services' on the way),
/// and only those: a <c>Set-Cookie</c> already on the response before the forward belongs to someone else (a
/// middleware, the ASP.NET pipeline) and stays.
/// </summary>
public sealed class StickySessionTests
{
    private const string A = "http://10.0.0.1:80";
    private const string B = "http://10.0.0.2:80";

    [Theory]
    [InlineData("")]
    [InlineData("session=abc; path=/")]
    [InlineData("session=abc; path=/|theme=dark")]
    public void Unstamp_FailedAttempt_RemovesOnlyTheStampedCookie(string setBefore)
    {
        var before = setBefore.Split('|', StringSplitOptions.RemoveEmptyEntries);
        var sticky = Sticky();
        var response = new DefaultHttpContext().Response;
        foreach (var cookie in before)
        {
            response.Headers.Append("Set-Cookie", cookie);
        }

        var stamped = StickySession.Stamp(response, sticky, Server(A), pinned: null);
        Assert.NotNull(stamped);
        Assert.Contains(stamped, response.Headers.SetCookie.ToArray());

        StickySession.Unstamp(response, stamped);

        Assert.Equal(before, response.Headers.SetCookie.ToArray());
    }

    [Fact]
    public void Unstamp_RetryOnAnotherServer_KeepsOnlyTheAnsweringServersCookie()
    {
        var sticky = Sticky();
        var response = new DefaultHttpContext().Response;
        response.Headers.Append("Set-Cookie", "session=abc");

        StickySession.Unstamp(response, StickySession.Stamp(response, sticky, Server(A), pinned: null));
        var second = StickySession.Stamp(response, sticky, Server(B), pinned: null);

        Assert.Equal(new[] { "session=abc", second }, response.Headers.SetCookie.ToArray());
    }

    [Fact]
    public void Stamp_ClientAlreadyPinnedThere_StampsNothing()
    {
        var response = new DefaultHttpContext().Response;
        response.Headers.Append("Set-Cookie", "session=abc");

        var stamped = StickySession.Stamp(response, Sticky(), Server(A), Server(A));
        StickySession.Unstamp(response, stamped);

        Assert.Null(stamped);
        Assert.Equal(new[] { "session=abc" }, response.Headers.SetCookie.ToArray());
    }

    [Fact]
    public void UnstampWeighted_FailedAttempt_TakesBackTheSplitsCookiesWithTheServersAndNothingElse()
    {
        var response = new DefaultHttpContext().Response;
        response.Headers.Append("Set-Cookie", "session=abc");
        List<string> weighted = ["canary=1111111111111111; Path=/", "inner=2222222222222222; Path=/"];

        StickySession.StampWeighted(response, weighted);
        var stamped = StickySession.Stamp(response, Sticky(), Server(A), pinned: null);
        Assert.Equal(new[] { "session=abc", weighted[0], weighted[1], stamped }, response.Headers.SetCookie.ToArray());

        StickySession.Unstamp(response, stamped);
        StickySession.UnstampWeighted(response, weighted);

        Assert.Equal(new[] { "session=abc" }, response.Headers.SetCookie.ToArray());
    }

    [Fact]
    public void StampWeighted_NoSplitOnTheWay_StampsNothing()
    {
        var response = new DefaultHttpContext().Response;

        StickySession.StampWeighted(response, null);
        StickySession.UnstampWeighted(response, null);

        Assert.Empty(response.Headers.SetCookie.ToArray());
    }

    private static StickyServers Sticky() =>
        new(new StickyCookie(StickyCookieConfig.Empty with { Name = "lb", Path = "/" }, [A, B]), [Server(A), Server(B)]);

    private static ServerSnapshot Server(string url) =>
        new(url, url, 1, ServerHealth.Up, nameof(ServerHealth.Up), ActorRefs.Nobody, new ServerCounters());
}
