using System.Collections.Immutable;
using Proxy.Actors.Tls;
using Xunit;

namespace Proxy.Actors.Tests.Tls;

public sealed class SniSelectionTests
{
    private static readonly ImmutableDictionary<string, string> Exact = new Dictionary<string, string>
    {
        ["example.com"] = "apex",
        ["shop.example.com"] = "shop",
        ["a.b.example.com"] = "deep",
    }.ToImmutableDictionary(StringComparer.Ordinal);

    private static readonly ImmutableDictionary<string, string> Wildcards = new Dictionary<string, string>
    {
        ["example.com"] = "wild",
        ["b.example.com"] = "wild-b",
    }.ToImmutableDictionary(StringComparer.Ordinal);

    [Theory]
    [InlineData("shop.example.com", "shop")]
    [InlineData("SHOP.Example.Com", "shop")]
    [InlineData("shop.example.com.", "shop")]
    [InlineData("example.com", "apex")]
    [InlineData("blog.example.com", "wild")]
    [InlineData("Blog.EXAMPLE.com", "wild")]
    [InlineData("x.b.example.com", "wild-b")]
    [InlineData("a.b.example.com", "deep")]
    [InlineData("z.y.example.com", null)]
    [InlineData("example.org", null)]
    [InlineData("com", null)]
    [InlineData(".example.com", null)]
    [InlineData("", null)]
    [InlineData(null, null)]
    public void Pick_ServerName_ExactBeforeOneLabelWildcard(string? serverName, string? expected)
    {
        Assert.Equal(expected, SniSelection.Pick(Exact, Wildcards, serverName));
    }
}
