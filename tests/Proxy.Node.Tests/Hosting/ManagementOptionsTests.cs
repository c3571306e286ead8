using Proxy.Node.Hosting;
using Xunit;

namespace Proxy.Node.Tests.Hosting;

public sealed class ManagementOptionsTests
{
    private static StaticConfigResult Load(string[] args, Dictionary<string, string>? environment = null) =>
        StaticConfigLoader.Load(args, environment ?? [], path => throw new FileNotFoundException(path));

    private static StaticConfig Config(StaticConfigResult result)
    {
        Assert.True(result.IsValid, result.RenderErrors());
        return result.Config!;
    }

    [Theory]
    [InlineData(new string[0], true)]
    [InlineData(new[] { "--management.token=t" }, false)]
    [InlineData(new[] { "--management.readonly=false" }, false)]
    [InlineData(new[] { "--management.readonly" }, true)]
    [InlineData(new[] { "--management.token=t", "--management.readonly=true" }, true)]
    [InlineData(new[] { "--management.token=t", "--management.readonly=false" }, false)]
    public void Load_ReadOnly_OnUnlessATokenOrFalseIsGiven(string[] args, bool readOnly) =>
        Assert.Equal(readOnly, Config(Load(args)).ManagementReadOnly);

    [Fact]
    public void Load_ReadOnlyFromEnvironment_Bound() =>
        Assert.False(Config(Load([], new() { ["PROXY_MANAGEMENT_READONLY"] = "false" })).ManagementReadOnly);

    [Fact]
    public void Load_AllowedHosts_ListFromFlagsAndCommas()
    {
        var config = Config(Load(["--api.allowedhosts=proxy.internal,10.0.0.5", "--api.allowedhosts=::1"]));

        Assert.Equal(["proxy.internal", "10.0.0.5", "::1"], config.ApiAllowedHosts.ToArray());
        Assert.Empty(Config(Load([])).ApiAllowedHosts);
    }

    [Theory]
    [InlineData("--api.allowedhosts=proxy.internal:8080", "invalid value \"proxy.internal:8080\" for --api.allowedhosts: expected IP addresses or host names without a port, several as a comma-separated list or by repeating the flag")]
    [InlineData("--api.allowedhosts=*", "invalid value \"*\" for --api.allowedhosts: expected IP addresses or host names without a port, several as a comma-separated list or by repeating the flag")]
    [InlineData("--management.readonly=no", "invalid value \"no\" for --management.readonly: expected true or false")]
    public void Load_BadManagementValue_ErrorNamesOptionAndWhatIsAccepted(string flag, string message)
    {
        var result = Load([flag]);

        Assert.False(result.IsValid);
        Assert.Contains(message, result.Errors.Select(e => e.Message));
    }
}
