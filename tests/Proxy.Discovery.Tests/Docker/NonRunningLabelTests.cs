using Proxy.Discovery.Docker;
using Xunit;

namespace Proxy.Discovery.Tests.Docker;

/// <summary>allownonrunning is read as every boolean label is (Go's strconv.ParseBool), by the watcher and the translator alike.</summary>
public sealed class NonRunningLabelTests
{
    [Theory]
    [InlineData("true", true)]
    [InlineData("1", true)]
    [InlineData("t", true)]
    [InlineData("TRUE", true)]
    [InlineData(" True ", true)]
    [InlineData("false", false)]
    [InlineData("0", false)]
    [InlineData("yes", false)]
    public void Allows_Spelling_AsTheLabelSchemaReadsIt(string value, bool expected)
    {
        var labels = new Dictionary<string, string> { ["proxy.docker.allownonrunning"] = value };

        Assert.Equal(expected, NonRunningLabel.Allows(labels, "proxy"));
        Assert.Equal(expected, NonRunningLabel.MayAllow(labels));
    }
}
