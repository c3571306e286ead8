using Proxy.Node.Hosting;

namespace Proxy.Node.Tests.Hosting;

public sealed class ObservabilityOptionsTests
{
    private static StaticConfig Load(params string[] args)
    {
        var result = StaticConfigLoader.Load(args, new Dictionary<string, string>(), path => throw new FileNotFoundException(path));
        Assert.True(result.IsValid, result.RenderErrors());
        return result.Config;
    }

    [Fact]
    public void Load_NothingGiven_MetricsAndAccessLogOff()
    {
        var config = Load();

        Assert.False(config.MetricsPrometheus);
        Assert.Null(config.AccessLog);
    }

    [Theory]
    [InlineData(new[] { "--accesslog=true" }, null, AccessLogFormat.Common)]
    [InlineData(new[] { "--accesslog.filepath=/tmp/a.log" }, "/tmp/a.log", AccessLogFormat.Common)]
    [InlineData(new[] { "--accesslog.format=JSON" }, null, AccessLogFormat.Json)]
    [InlineData(new[] { "--accesslog=true", "--accesslog.format=json", "--accesslog.filepath=x.log" }, "x.log", AccessLogFormat.Json)]
    public void Load_AccessLogOptions_OnWithFileAndFormat(string[] args, string? file, AccessLogFormat format) =>
        Assert.Equal(new AccessLogSettings(file, format), Load(args).AccessLog);

    [Fact]
    public void Load_AccessLogFalseWithFile_Off() =>
        Assert.Null(Load("--accesslog=false", "--accesslog.filepath=/tmp/a.log").AccessLog);

    [Fact]
    public void Load_MetricsTrue_On() =>
        Assert.True(Load("--metrics.prometheus=true").MetricsPrometheus);

    [Fact]
    public void Load_BadFormat_Refused()
    {
        var result = StaticConfigLoader.Load(["--accesslog.format=xml"], new Dictionary<string, string>(), path => throw new FileNotFoundException(path));

        Assert.False(result.IsValid);
    }
}
