using Proxy.Node.Hosting;
using Xunit;

namespace Proxy.Node.Tests.Hosting;

public sealed class OptionValueTests
{
    private static readonly StaticOption Level = StaticOptions.Find(StaticOptions.LogLevel, out _)!;

    [Theory]
    [InlineData(OptionKind.String, "x", true)]
    [InlineData(OptionKind.String, "", false)]
    [InlineData(OptionKind.Bool, "true", true)]
    [InlineData(OptionKind.Bool, "FALSE", true)]
    [InlineData(OptionKind.Bool, "1", false)]
    [InlineData(OptionKind.Bool, "yes", false)]
    [InlineData(OptionKind.Int, "42", true)]
    [InlineData(OptionKind.Int, "-3", true)]
    [InlineData(OptionKind.Int, "4.2", false)]
    [InlineData(OptionKind.Duration, "1m30s", true)]
    [InlineData(OptionKind.Duration, "5", true)]
    [InlineData(OptionKind.Duration, "soon", false)]
    [InlineData(OptionKind.Address, ":80", true)]
    [InlineData(OptionKind.Address, "80", false)]
    public void IsValid_ValueOfKind_AcceptsOnlyThatKind(OptionKind kind, string text, bool expected)
    {
        var option = new StaticOption("x", kind, null, "");

        Assert.Equal(expected, OptionValue.IsValid(option, text));
    }

    [Theory]
    [InlineData("debug", true, "DEBUG")]
    [InlineData("Warn", true, "WARN")]
    [InlineData("WARNING", false, "")]
    public void TryParseChoice_AnyCase_ReturnsTheTableSpelling(string text, bool valid, string expected)
    {
        Assert.Equal(valid, OptionValue.TryParseChoice(Level, text, out var choice));
        Assert.Equal(expected, choice);
    }

    [Theory]
    [InlineData(OptionKind.String, "a non-empty value")]
    [InlineData(OptionKind.Bool, "true or false")]
    [InlineData(OptionKind.Int, "a whole number")]
    [InlineData(OptionKind.Duration, "a duration such as 10s, 1m30s or 250ms (a bare number is seconds), at most 24h")]
    [InlineData(OptionKind.Address, "[host]:port, host empty for all interfaces, an IPv4 address, [IPv6] or a name, port 1-65535")]
    public void Accepted_Kind_DescribesWhatIsAccepted(OptionKind kind, string expected)
    {
        Assert.Equal(expected, OptionValue.Accepted(new StaticOption("x", kind, null, "")));
    }

    [Fact]
    public void Accepted_Enum_ListsTheChoices()
    {
        Assert.Equal("one of DEBUG, INFO, WARN, ERROR", OptionValue.Accepted(Level));
    }
}
