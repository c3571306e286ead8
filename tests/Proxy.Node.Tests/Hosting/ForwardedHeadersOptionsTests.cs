using System.Net;
using Proxy.Node.Hosting;
using Xunit;

namespace Proxy.Node.Tests.Hosting;

public sealed class ForwardedHeadersOptionsTests
{
    private static StaticConfigResult Load(string[] args, Dictionary<string, string>? environment = null) =>
        StaticConfigLoader.Load(args, environment ?? [], path => throw new FileNotFoundException(path));

    private static StaticConfig Valid(StaticConfigResult result)
    {
        Assert.True(result.IsValid, result.RenderErrors());
        return result.Config!;
    }

    [Fact]
    public void Load_NoForwardedHeadersOptions_NoClientTrusted()
    {
        var web = Valid(Load([])).EntryPoints["web"];

        Assert.True(web.ForwardedHeaders.TrustsNobody);
    }

    [Fact]
    public void Load_TrustedIpsByFlags_Accumulate()
    {
        var config = Valid(Load(
        [
            "--entrypoints.web.address=:80", "--entrypoints.web.forwardedheaders.trustedips=10.0.0.0/8",
            "--entrypoints.web.forwardedheaders.trustedips=192.168.1.7,fd00::/8", "--entrypoints.admin.address=:81",
        ]));

        var web = config.EntryPoints["web"].ForwardedHeaders;
        Assert.False(web.Insecure);
        Assert.Equal(["10.0.0.0/8", "192.168.1.7/32", "fd00::/8"], web.TrustedNetworks.Select(n => n.ToString()));
        Assert.True(web.Trusts(IPAddress.Parse("10.9.9.9")));
        Assert.False(web.Trusts(IPAddress.Parse("192.168.1.8")));
        Assert.True(config.EntryPoints["admin"].ForwardedHeaders.TrustsNobody);
    }

    [Fact]
    public void Load_InsecureForDefaultEntryPoint_DefaultEntryPointKept()
    {
        var config = Valid(Load(["--entrypoints.web.forwardedheaders.insecure"]));

        Assert.Equal(":8000", config.EntryPoints["web"].Address);
        Assert.True(config.EntryPoints["web"].ForwardedHeaders.Insecure);
    }

    [Fact]
    public void Load_TrustedIpsFromEnvironment_EntryPointWithUnderscore()
    {
        var config = Valid(Load([], new Dictionary<string, string>
        {
            ["PROXY_ENTRYPOINTS_WEB_SECURE_ADDRESS"] = ":443",
            ["PROXY_ENTRYPOINTS_WEB_SECURE_FORWARDEDHEADERS_TRUSTEDIPS"] = "10.0.0.0/8, 127.0.0.1",
        }));

        Assert.Equal(2, config.EntryPoints["web_secure"].ForwardedHeaders.TrustedNetworks.Length);
    }

    [Fact]
    public void Load_ForwardedHeadersInYaml_TraefikShape()
    {
        const string yaml = "entryPoints:\n  web:\n    address: \":80\"\n    forwardedHeaders:\n      trustedIPs:\n        - 10.0.0.0/8\n        - \"::1\"\n      insecure: false\n";

        var config = Valid(StaticConfigLoader.Load(["--configfile=proxy.yml"], new Dictionary<string, string>(), _ => yaml));

        Assert.Equal(["10.0.0.0/8", "::1/128"], config.EntryPoints["web"].ForwardedHeaders.TrustedNetworks.Select(n => n.ToString()));
    }

    [Theory]
    [InlineData("--entrypoints.web.forwardedheaders.trustedips=10.0.0.0/33",
        "invalid value \"10.0.0.0/33\" for --entrypoints.web.forwardedheaders.trustedips: expected an IP address or a CIDR range (10.0.0.0/8, 192.168.1.7, fd00::/8), several as a comma-separated list or by repeating the flag")]
    [InlineData("--entrypoints.web.forwardedheaders.trustedips=10.0.0.1,proxy.example",
        "invalid value \"proxy.example\" for --entrypoints.web.forwardedheaders.trustedips: expected an IP address or a CIDR range (10.0.0.0/8, 192.168.1.7, fd00::/8), several as a comma-separated list or by repeating the flag")]
    [InlineData("--entrypoints.web.forwardedheaders.insecure=yes",
        "invalid value \"yes\" for --entrypoints.web.forwardedheaders.insecure: expected true or false")]
    [InlineData("--entrypoints.wbe.forwardedheaders.insecure=true",
        "--entrypoints.wbe.forwardedheaders.insecure is set but entrypoint wbe has no address: give --entrypoints.wbe.address")]
    public void Load_BadForwardedHeadersOption_ErrorNamesEntryPointAndValue(string flag, string message)
    {
        var result = Load(["--entrypoints.web.address=:80", flag]);

        Assert.False(result.IsValid);
        Assert.Contains(message, result.Errors.Select(e => e.Message));
    }
}
