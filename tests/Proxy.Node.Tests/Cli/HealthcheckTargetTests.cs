using Proxy.Node.Cli;
using Proxy.Node.Hosting;

namespace Proxy.Node.Tests.Cli;

public sealed class HealthcheckTargetTests
{
    [Theory]
    [InlineData("127.0.0.1:8080", "http://127.0.0.1:8080/ping")]
    [InlineData(":8080", "http://127.0.0.1:8080/ping")]
    [InlineData("0.0.0.0:9000", "http://127.0.0.1:9000/ping")]
    [InlineData("[::]:9000", "http://[::1]:9000/ping")]
    [InlineData("[::1]:9000", "http://[::1]:9000/ping")]
    [InlineData("127.0.0.9:9000", "http://127.0.0.9:9000/ping")]
    [InlineData("localhost:9000", "http://localhost:9000/ping")]
    public void FromConfig_ApiAddress_PingUrlAClientCanDial(string address, string expected)
    {
        var target = HealthcheckTarget.FromConfig(Load($"--api.address={address}"));

        Assert.Equal(expected, target.Ping.ToString());
        Assert.Null(target.PinnedCertFile);
    }

    [Theory]
    [InlineData("127.0.0.1:9000", "http://127.0.0.1:9000/ping")]
    [InlineData("http://127.0.0.1:9000", "http://127.0.0.1:9000/ping")]
    [InlineData("https://node.example:9000", "https://node.example:9000/ping")]
    public void FromFlag_Api_PingUrl(string api, string expected)
    {
        Assert.Equal(expected, HealthcheckTarget.FromFlag(api, Load())!.Ping.ToString());
    }

    [Theory]
    [InlineData("ftp://127.0.0.1:21")]
    [InlineData("http://127.0.0.1:9000/api")]
    [InlineData("not a url")]
    public void FromFlag_NotAnApiAddress_Null(string api)
    {
        Assert.Null(HealthcheckTarget.FromFlag(api, Load()));
    }

    private static StaticConfig Load(params string[] flags)
    {
        var loaded = StaticConfigLoader.Load(flags, new Dictionary<string, string>(), path => throw new FileNotFoundException(path));
        Assert.True(loaded.IsValid, loaded.RenderErrors());
        return loaded.Config;
    }
}
