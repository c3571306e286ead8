using System.Net;
using Proxy.Node.Hosting;
using Xunit;

namespace Proxy.Node.Tests.Hosting;

public sealed class ProxyProtocolOptionsTests
{
    private static StaticConfigResult Load(string[] args, Dictionary<string, string>? environment = null) =>
        StaticConfigLoader.Load(args, environment ?? [], path => throw new FileNotFoundException(path));

    private static StaticConfig Valid(StaticConfigResult result)
    {
        Assert.True(result.IsValid, result.RenderErrors());
        return result.Config!;
    }

    [Fact]
    public void Load_NoProxyProtocolOption_EntryPointReadsNoHeader()
    {
        Assert.Null(Valid(Load([])).EntryPoints["web"].ProxyProtocol);
    }

    [Fact]
    public void Load_TrustedIpsByFlags_AccumulatePerEntryPoint()
    {
        var config = Valid(Load(
        [
            "--entrypoints.web.address=:80", "--entrypoints.web.proxyprotocol.trustedips=10.0.0.0/8",
            "--entrypoints.web.proxyprotocol.trustedips=192.168.1.7,fd00::/8", "--entrypoints.admin.address=:81",
        ]));

        var web = config.EntryPoints["web"].ProxyProtocol!;
        Assert.False(web.Insecure);
        Assert.Equal(["10.0.0.0/8", "192.168.1.7/32", "fd00::/8"], web.TrustedNetworks.Select(n => n.ToString()));
        Assert.True(web.Trusts(IPAddress.Parse("10.9.9.9")));
        Assert.False(web.Trusts(IPAddress.Parse("192.168.1.8")));
        Assert.Null(config.EntryPoints["admin"].ProxyProtocol);
        // The forwarded headers' trust is another setting: PROXY protocol does not widen it.
        Assert.True(config.EntryPoints["web"].ForwardedHeaders.TrustsNobody);
    }

    [Fact]
    public void Load_InsecureAlone_EveryPeerTrusted()
    {
        var web = Valid(Load(["--entrypoints.web.proxyprotocol.insecure"])).EntryPoints["web"].ProxyProtocol!;

        Assert.True(web.Insecure);
        Assert.True(web.Trusts(IPAddress.Parse("198.51.100.1")));
    }

    [Fact]
    public void Load_InsecureFalseAlone_OnAndTrustingNobody()
    {
        // As Traefik: the section exists once a field is given; with no trusted IP every header is dropped.
        var web = Valid(Load(["--entrypoints.web.proxyprotocol.insecure=false"])).EntryPoints["web"].ProxyProtocol!;

        Assert.False(web.Trusts(IPAddress.Loopback));
    }

    [Fact]
    public void Load_ProxyProtocolFromEnvironment_EntryPointWithUnderscore()
    {
        var config = Valid(Load([], new Dictionary<string, string>
        {
            ["PROXY_ENTRYPOINTS_WEB_SECURE_ADDRESS"] = ":443",
            ["PROXY_ENTRYPOINTS_WEB_SECURE_PROXYPROTOCOL_TRUSTEDIPS"] = "10.0.0.0/8, 127.0.0.1",
        }));

        Assert.Equal(2, config.EntryPoints["web_secure"].ProxyProtocol!.TrustedNetworks.Length);
    }

    [Fact]
    public void Load_ProxyProtocolInYaml_TraefikShape()
    {
        const string yaml = "entryPoints:\n  web:\n    address: \":80\"\n    proxyProtocol:\n      trustedIPs:\n        - 10.0.0.0/8\n        - \"::1\"\n      insecure: false\n";

        var config = Valid(StaticConfigLoader.Load(["--configfile=proxy.yml"], new Dictionary<string, string>(), _ => yaml));

        Assert.Equal(["10.0.0.0/8", "::1/128"], config.EntryPoints["web"].ProxyProtocol!.TrustedNetworks.Select(n => n.ToString()));
    }

    [Theory]
    [InlineData("--entrypoints.web.proxyprotocol.trustedips=10.0.0.0/33",
        "invalid value \"10.0.0.0/33\" for --entrypoints.web.proxyprotocol.trustedips: expected an IP address or a CIDR range (10.0.0.0/8, 192.168.1.7, fd00::/8), several as a comma-separated list or by repeating the flag")]
    [InlineData("--entrypoints.web.proxyprotocol.trustedips=lb.example",
        "invalid value \"lb.example\" for --entrypoints.web.proxyprotocol.trustedips: expected an IP address or a CIDR range (10.0.0.0/8, 192.168.1.7, fd00::/8), several as a comma-separated list or by repeating the flag")]
    [InlineData("--entrypoints.web.proxyprotocol.insecure=yes",
        "invalid value \"yes\" for --entrypoints.web.proxyprotocol.insecure: expected true or false")]
    [InlineData("--entrypoints.wbe.proxyprotocol.trustedips=10.0.0.1",
        "--entrypoints.wbe.proxyprotocol.trustedips is set but entrypoint wbe has no address: give --entrypoints.wbe.address")]
    public void Load_BadProxyProtocolOption_ErrorNamesEntryPointAndValue(string flag, string message)
    {
        var result = Load(["--entrypoints.web.address=:80", flag]);

        Assert.False(result.IsValid);
        Assert.Contains(message, result.Errors.Select(e => e.Message));
    }
}
