using Proxy.Actors.Services.SessionAffinity;
using Xunit;

namespace Proxy.Actors.Tests.Services.SessionAffinity;

public sealed class CookieHeaderTests
{
    [Theory]
    [InlineData("lb=abc", "abc")]
    [InlineData("a=1; lb=abc; b=2", "abc")]
    [InlineData("a=1;lb=abc;b=2", "abc")]
    [InlineData("  lb = abc  ", "abc")]
    [InlineData("lb=\"abc\"", "abc")]
    [InlineData("lb=first; lb=second", "first")]
    [InlineData("lb=", "")]
    [InlineData("flag; lb=abc", "abc")]
    [InlineData("lb=a=b", "a=b")]
    public void TryFind_HeaderWithCookie_GivesItsValue(string header, string expected)
    {
        Assert.True(CookieHeader.TryFind(header, "lb", out var value));
        Assert.Equal(expected, value.ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("a=1; b=2")]
    [InlineData("LB=abc")]
    [InlineData("xlb=abc; lbx=abc")]
    [InlineData("lb")]
    [InlineData(";;;")]
    public void TryFind_HeaderWithoutCookie_GivesFalse(string header) =>
        Assert.False(CookieHeader.TryFind(header, "lb", out _));
}
