using Proxy.Actors.Configuration.Schema;
using Xunit;

namespace Proxy.Actors.Tests.Configuration.Schema;

public sealed class SuggestionsTests
{
    [Theory]
    [InlineData("entrypoint", "entryPoints")]
    [InlineData("wieght", "weight")]
    [InlineData("intervall", "interval")]
    [InlineData("PASSHOSTHEADR", "passHostHeader")]
    [InlineData("sticky", null)]
    [InlineData("ab", null)]
    public void Closest_Typo_SuggestsOnlyCloseNames(string written, string? expected)
    {
        string[] known = ["entryPoints", "weight", "interval", "passHostHeader", "url", "rule"];

        Assert.Equal(expected, Suggestions.Closest(written, known));
    }
}
