using Proxy.Node.Hosting;
using Xunit;

namespace Proxy.Node.Tests.Hosting;

public sealed class EnvironmentSourceTests
{
    [Theory]
    [InlineData("PROXY_ENTRYPOINTS_WEB_ADDRESS", "entrypoints.web.address")]
    [InlineData("PROXY_ENTRYPOINTS_WEB_SECURE_ADDRESS", "entrypoints.web_secure.address")]
    [InlineData("PROXY_API_ADDRESS", "api.address")]
    [InlineData("PROXY_PROVIDERS_FILE_FILENAME", "providers.file.filename")]
    [InlineData("PROXY_PROVIDERS_FILE_WATCH", "providers.file.watch")]
    [InlineData("PROXY_LOG_LEVEL", "log.level")]
    [InlineData("PROXY_LIFECYCLE_REQUESTACCEPTGRACETIMEOUT", "lifecycle.requestacceptgracetimeout")]
    [InlineData("PROXY_LIFECYCLE_GRACETIMEOUT", "lifecycle.gracetimeout")]
    [InlineData("PROXY_REQUESTS_ACTORMODE", "requests.actormode")]
    [InlineData("PROXY_CONFIGFILE", "configfile")]
    [InlineData("PROXY_ENTRYPOINT_WEB_ADDRESS", "entrypoint.web.address")]
    [InlineData("PROXY_Log_Level", "log.level")]
    public void Read_ProxyVariable_MapsToDottedKey(string variable, string key)
    {
        var result = EnvironmentSource.Read(new Dictionary<string, string> { [variable] = "v" });

        var value = Assert.Single(result.Values);
        Assert.Equal(key, value.Key);
        Assert.Equal("v", value.Value.Value);
        Assert.Equal($"env {variable}", value.Value.Origin.Description);
    }

    [Theory]
    [InlineData("HTTP_PROXY")]
    [InlineData("proxy_api_address")]
    [InlineData("PATH")]
    [InlineData("PROXYAPI_ADDRESS")]
    public void Read_OtherVariable_IsIgnored(string variable)
    {
        var result = EnvironmentSource.Read(new Dictionary<string, string> { [variable] = "v" });

        Assert.Empty(result.Values);
        Assert.Empty(result.Errors);
    }
}
