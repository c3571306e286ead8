using Proxy.Node.Hosting;
using Xunit;

namespace Proxy.Node.Tests.Hosting;

public sealed class OptionSuggestionTests
{
    [Theory]
    [InlineData("entrypoint.web.address", "entrypoints.web.address")]
    [InlineData("entrypoints.admin.adress", "entrypoints.admin.address")]
    [InlineData("api.adress", "api.address")]
    [InlineData("log.levle", "log.level")]
    [InlineData("lifecycle.gracetimout", "lifecycle.gracetimeout")]
    [InlineData("providers.file.filenam", "providers.file.filename")]
    [InlineData("configfil", "configfile")]
    [InlineData("metrics.prometheus.buckets", null)]
    [InlineData("x", null)]
    public void For_UnknownKey_SuggestsClosestOptionOrNothing(string key, string? expected)
    {
        Assert.Equal(expected, OptionSuggestion.For(key));
    }

    [Theory]
    [InlineData("", "", 0)]
    [InlineData("abc", "abc", 0)]
    [InlineData("abc", "abd", 1)]
    [InlineData("abc", "ab", 1)]
    [InlineData("", "abc", 3)]
    [InlineData("kitten", "sitting", 3)]
    public void Distance_TwoStrings_CountsEdits(string a, string b, int expected)
    {
        Assert.Equal(expected, OptionSuggestion.Distance(a, b));
    }
}
