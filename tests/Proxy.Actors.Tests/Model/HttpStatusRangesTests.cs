using Proxy.Actors.Model.Config;
using Xunit;

namespace Proxy.Actors.Tests.Model;

public sealed class HttpStatusRangesTests
{
    [Theory]
    [InlineData("404")]
    [InlineData("500-599")]
    [InlineData("100-100")]
    [InlineData("599")]
    public void Problem_StatusOrRange_None(string entry) => Assert.Null(HttpStatusRanges.Problem(entry));

    [Theory]
    [InlineData("600-500")]
    [InlineData("abc")]
    [InlineData("")]
    [InlineData("500-")]
    [InlineData("-500")]
    [InlineData("99")]
    [InlineData("600")]
    [InlineData("500-599-600")]
    [InlineData("+500")]
    public void Problem_NotAStatusOrRange_NamesTheEntry(string entry) =>
        Assert.StartsWith($"'{entry}' is not a status code or a range", HttpStatusRanges.Problem(entry));

    [Theory]
    [InlineData(404, true)]
    [InlineData(500, true)]
    [InlineData(503, true)]
    [InlineData(599, true)]
    [InlineData(499, false)]
    [InlineData(200, false)]
    [InlineData(405, false)]
    public void Contains_ListOfEntries_AnyOfThem(int status, bool expected) =>
        Assert.Equal(expected, HttpStatusRanges.Parse(["500-599", "404"]).Contains(status));

    [Fact]
    public void Rewritten_FirstRangeHoldingTheStatus_ItsTarget()
    {
        var rewrites = System.Collections.Immutable.ImmutableArray.Create(
            (HttpStatusRanges.Parse(["410-418"]), 404), (HttpStatusRanges.Parse(["500-599"]), 503));

        Assert.Equal(404, ErrorsConfig.Rewritten(rewrites, 418));
        Assert.Equal(503, ErrorsConfig.Rewritten(rewrites, 502));
        Assert.Equal(400, ErrorsConfig.Rewritten(rewrites, 400));
    }
}
