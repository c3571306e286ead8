using Akka.Actor;
using Proxy.Actors.Model;
using Proxy.Actors.Model.Config;
using Proxy.Actors.Services.SessionAffinity;
using Proxy.Actors.Tests.Support;
using Xunit;

namespace Proxy.Actors.Tests.Services.SessionAffinity;

public sealed class StickyServersTests
{
    private const string A = "http://10.0.0.1:80";
    private const string B = "http://10.0.0.2:80";
    private const string ValueA = "df5bd2f9c0180410";
    private const string ValueB = "e0c6f0ca44f87f06";

    [Theory]
    [InlineData("lb=" + ValueA, A)]
    [InlineData("x=1; lb=" + ValueB + "; y=2", B)]
    public void Pinned_CookieNamingAvailableServer_GivesIt(string header, string expected)
    {
        var sticky = Sticky(Server(A), Server(B));

        Assert.Equal(expected, sticky.Pinned(header, out var found)?.Url);
        Assert.True(found);
    }

    [Theory]
    [InlineData("lb=0000000000000000")]
    [InlineData("lb=DF5BD2F9C0180410")]
    [InlineData("lb=df5bd2f9c018041")]
    [InlineData("lb=df5bd2f9c01804100")]
    [InlineData("lb=http://10.0.0.1:80")]
    [InlineData("lb=")]
    public void Pinned_ForgedValue_GivesNoServerButFound(string header)
    {
        var sticky = Sticky(Server(A), Server(B));

        Assert.Null(sticky.Pinned(header, out var found));
        Assert.True(found);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("other=" + ValueA)]
    public void Pinned_NoCookie_GivesNoServerNotFound(string? header)
    {
        var sticky = Sticky(Server(A), Server(B));

        Assert.Null(sticky.Pinned(header, out var found));
        Assert.False(found);
    }

    [Theory]
    [InlineData(ServerHealth.Down, false)]
    [InlineData(ServerHealth.Draining, false)]
    [InlineData(ServerHealth.Down, true)]
    public void Pinned_ServerNotTakingRequests_GivesNoServer(ServerHealth health, bool lastResort)
    {
        var sticky = Sticky(Server(A, health) with { IsLastResort = lastResort }, Server(B));

        Assert.Null(sticky.Pinned("lb=" + ValueA, out _));
    }

    [Fact]
    public void Pinned_ServerOfWeightZero_KeepsItsClients()
    {
        // Weight 0 takes a server out of the rotation for new clients only, as in HAProxy: a soft drain.
        var sticky = Sticky(Snapshots.Server(A, ActorRefs.Nobody, ServerHealth.Up, weight: 0), Server(B));

        Assert.Equal(A, sticky.Pinned("lb=" + ValueA, out _)?.Url);
    }

    [Fact]
    public void Pinned_ServerRemovedFromService_GivesNoServer()
    {
        var cookie = new StickyCookie(StickyCookieConfig.Empty with { Name = "lb", Path = "/" }, [A, B]);
        var sticky = new StickyServers(cookie, [Server(B)]);

        Assert.Null(sticky.Pinned("lb=" + ValueA, out _));
    }

    [Fact]
    public void Pinned_ValueNamingAServerOfAnotherService_GivesNoServer()
    {
        // The value is a hash of a URL anyone can compute: only this service's own servers are looked up.
        var sticky = Sticky(Server(A), Server(B));

        Assert.Null(sticky.Pinned("lb=" + StickyCookie.ValueOf("http://10.0.0.9:80"), out var found));
        Assert.True(found);
    }

    [Theory]
    [InlineData(8 * 1024)]
    [InlineData(64 * 1024)]
    public void Pinned_OverlongOrRepeatedCookie_FirstOfTheNameDecidesAndNamesNoServer(int length)
    {
        var sticky = Sticky(Server(A), Server(B));
        var header = "lb=" + new string('a', length) + string.Concat(Enumerable.Repeat("; lb=" + ValueA, 1000));

        Assert.Null(sticky.Pinned(header, out var found));
        Assert.True(found);
    }

    private static StickyServers Sticky(params ServerSnapshot[] servers) =>
        new(new StickyCookie(StickyCookieConfig.Empty with { Name = "lb", Path = "/" }, servers.Select(s => s.Url)), [.. servers]);

    private static ServerSnapshot Server(string url, ServerHealth health = ServerHealth.Up) =>
        Snapshots.Server(url, ActorRefs.Nobody, health);
}
