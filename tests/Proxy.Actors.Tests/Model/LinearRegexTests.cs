using Proxy.Actors.Model;
using Xunit;

namespace Proxy.Actors.Tests.Model;

public sealed class LinearRegexTests
{
    [Fact]
    public void TryCreate_GoNamedGroup_ReadAsDotNetGroup()
    {
        Assert.True(LinearRegex.TryCreate("^/users/(?P<id>[0-9]+)$", out var regex, out var problem), problem);

        Assert.Equal("42", regex.Match("/users/42").Groups["id"].Value);
    }

    [Fact]
    public void TryCreate_GoGroupSyntaxEscapedOrInClass_LeftAlone()
    {
        Assert.True(LinearRegex.TryCreate(@"^\(?P<x[(?P<]$", out var regex, out var problem), problem);

        Assert.Matches(regex, "(P<x<");
    }

    [Theory]
    [InlineData("(a", "insufficient closing parentheses at offset 2")]
    [InlineData("[z-a]", "reversed character range")]
    public void TryCreate_Invalid_NamesTheProblemAndOffset(string pattern, string expected)
    {
        Assert.False(LinearRegex.TryCreate(pattern, out _, out var problem));

        Assert.Contains($"'{pattern}' is not a valid regular expression", problem, StringComparison.Ordinal);
        Assert.Contains(expected, problem, StringComparison.Ordinal);
    }

    [Fact]
    public void TryCreate_Backreference_RefusedAsNotLinear()
    {
        Assert.False(LinearRegex.TryCreate(@"(a)\1", out _, out var problem));

        Assert.Contains("linear time", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void TryCreate_LongerThanTheBound_RefusedWithTheBound()
    {
        Assert.False(LinearRegex.TryCreate(new string('a', LinearRegex.MaxLength + 1), out _, out var problem));

        Assert.Contains($"{LinearRegex.MaxLength}", problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/new/$1", "/new/abc")]
    [InlineData("/new/${1}x", "/new/abcx")]
    [InlineData("/new/$name", "/new/abc")]
    [InlineData("/new/${name}", "/new/abc")]
    [InlineData("/new/$1x", "/new/")]
    [InlineData("/new/$nope", "/new/")]
    [InlineData("/cost/$$5", "/cost/$5")]
    [InlineData("/cost/$", "/cost/$")]
    [InlineData("/cost/${", "/cost/${")]
    [InlineData("/plain", "/plain")]
    public void Replacement_GoTemplate_ExpandsAsGoDoes(string template, string expected)
    {
        var regex = LinearRegex.Create("^/old/(?P<name>[a-z]+)$");

        Assert.Equal(expected, regex.Replace("/old/abc", LinearRegex.Replacement(regex, template)));
    }

    [Fact]
    public void Replacement_NamedGroupBeforeUnnamed_NumberedLeftToRightAsGo()
    {
        var regex = LinearRegex.Create("^/(?P<kind>[a-z]+)/(.*)/(?<last>[0-9]+)$");

        Assert.Equal("3:x/y:users", regex.Replace("/users/x/y/3", LinearRegex.Replacement(regex, "$3:$2:$1")));
    }
}
