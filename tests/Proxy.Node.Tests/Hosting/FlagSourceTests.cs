using Proxy.Node.Hosting;
using Xunit;

namespace Proxy.Node.Tests.Hosting;

public sealed class FlagSourceTests
{
    [Theory]
    [InlineData(new[] { "--api.address=:9000" }, "api.address", ":9000", "flag --api.address")]
    [InlineData(new[] { "--api.address", ":9000" }, "api.address", ":9000", "flag --api.address")]
    [InlineData(new[] { "--API.Address=:9000" }, "api.address", ":9000", "flag --API.Address")]
    [InlineData(new[] { "--entrypoints.Web.address=:80" }, "entrypoints.web.address", ":80", "flag --entrypoints.Web.address")]
    [InlineData(new[] { "--providers.file.watch" }, "providers.file.watch", "true", "flag --providers.file.watch")]
    [InlineData(new[] { "--providers.file.watch=false" }, "providers.file.watch", "false", "flag --providers.file.watch")]
    [InlineData(new[] { "--log.level=debug", "--log.level=ERROR" }, "log.level", "ERROR", "flag --log.level")]
    [InlineData(new[] { "--providers.file.filename=a=b.yml" }, "providers.file.filename", "a=b.yml", "flag --providers.file.filename")]
    [InlineData(new[] { "--api.address=" }, "api.address", "", "flag --api.address")]
    public void Read_FlagForms_ProduceKeyValueAndOrigin(string[] args, string key, string value, string source)
    {
        var result = FlagSource.Read(args);

        Assert.Empty(result.Errors);
        Assert.Equal(value, result.Values[key].Value);
        Assert.Equal(source, result.Values[key].Origin.Description);
    }

    [Fact]
    public void Read_BareBooleanBeforeAnotherArgument_DoesNotTakeIt()
    {
        var result = FlagSource.Read(["--providers.file.watch", "--log.level", "WARN"]);

        Assert.Empty(result.Errors);
        Assert.Equal("true", result.Values["providers.file.watch"].Value);
        Assert.Equal("WARN", result.Values["log.level"].Value);
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("-h")]
    [InlineData("--version")]
    public void Read_MetaFlag_IsSkipped(string arg)
    {
        var result = FlagSource.Read([arg]);

        Assert.Empty(result.Errors);
        Assert.Empty(result.Values);
    }

    [Theory]
    [InlineData(new[] { "serve" }, "unexpected argument \"serve\": options are written --key=value (see --help)")]
    [InlineData(new[] { "-x" }, "unexpected argument \"-x\": options are written --key=value (see --help)")]
    [InlineData(new[] { "--" }, "unexpected argument \"--\": options are written --key=value (see --help)")]
    [InlineData(new[] { "--=1" }, "unexpected argument \"--=1\": options are written --key=value (see --help)")]
    [InlineData(new[] { "--api.address" }, "--api.address needs a value: write --api.address=<value> or --api.address <value>")]
    [InlineData(new[] { "--log.level", "--api.address=:1" }, "--log.level needs a value: write --log.level=<value> or --log.level <value>")]
    public void Read_MalformedArgument_ReportsIt(string[] args, string message)
    {
        var result = FlagSource.Read(args);

        Assert.Equal(message, Assert.Single(result.Errors).Message);
    }

    [Fact]
    public void Read_UnknownFlagWithSeparateValue_TakesTheValueSoOnlyOneErrorFollows()
    {
        var result = FlagSource.Read(["--entrypoint.web.address", ":80"]);

        Assert.Empty(result.Errors);
        Assert.Equal(":80", result.Values["entrypoint.web.address"].Value);
    }
}
