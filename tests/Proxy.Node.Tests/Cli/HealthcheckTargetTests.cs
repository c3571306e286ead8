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
        var target = HealthcheckTarget.FromOptions(Load($"--api.address={address}"));

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

    [Fact]
    public void Read_OtherOptionsIncompleteInTheEnvironment_ApiAddressStillRead()
    {
        // The container's CMD gives the endpoint; the HEALTHCHECK sees only the environment.
        var (options, errors) = Read(["--api.address=127.0.0.1:9000"], new() { ["PROXY_PROVIDERS_DOCKER_LABELPREFIX"] = "traefik", ["PROXY_CLUSTER_DNS_SERVER"] = "127.0.0.1:53" });

        Assert.Empty(errors);
        Assert.Equal("http://127.0.0.1:9000/ping", HealthcheckTarget.FromOptions(options!).Ping.ToString());
    }

    [Fact]
    public void Read_BadApiAddress_ErrorNamingIt()
    {
        var (options, errors) = Read([], new() { ["PROXY_API_ADDRESS"] = "nowhere" });

        Assert.Null(options);
        Assert.StartsWith("invalid value \"nowhere\" for PROXY_API_ADDRESS: expected ", Assert.Single(errors).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_CertFileFromEnvironment_PinnedOnHttps()
    {
        var (options, _) = Read([], new() { ["PROXY_API_ADDRESS"] = ":9443", ["PROXY_API_TLS_CERTFILE"] = "/certs/api.crt" });

        var target = HealthcheckTarget.FromOptions(options!);
        Assert.Equal("https://127.0.0.1:9443/ping", target.Ping.ToString());
        Assert.Equal("/certs/api.crt", target.PinnedCertFile);
    }

    private static (HealthcheckOptions? Options, System.Collections.Immutable.ImmutableArray<Proxy.Actors.Model.ConfigError> Errors) Read(
        string[] flags, Dictionary<string, string> environment) =>
        HealthcheckOptions.Read(flags, environment, path => throw new FileNotFoundException(path));

    private static HealthcheckOptions Load(params string[] flags)
    {
        var (options, errors) = Read(flags, []);
        Assert.True(options is not null, string.Join("\n", errors.Select(error => error.Message)));
        return options;
    }
}
