using System.Net;
using Microsoft.AspNetCore.Http;
using Proxy.Node.Api;
using Proxy.Node.Hosting;
using Xunit;

namespace Proxy.Node.Tests.Api;

public sealed class ApiHostPolicyTests
{
    private static readonly IPAddress Local = IPAddress.Parse("10.0.0.5");

    private static ApiHostPolicy Policy(params string[] flags)
    {
        var loaded = StaticConfigLoader.Load(flags, new Dictionary<string, string>(), path => throw new FileNotFoundException(path));
        Assert.True(loaded.IsValid, loaded.RenderErrors());
        return ApiHostPolicy.For(loaded.Config!, "node-7");
    }

    [Theory]
    [InlineData("10.0.0.5:8080")] // the address the request arrived on
    [InlineData("10.0.0.5")]
    [InlineData("127.0.0.1:8080")]
    [InlineData("127.0.0.2")] // any loopback literal: it cannot be rebound
    [InlineData("[::1]:8080")]
    [InlineData("[::1]")]
    [InlineData("localhost:8080")]
    [InlineData("LocalHost")]
    [InlineData("localhost.")]
    [InlineData("node-7:8080")] // the machine's hostname
    [InlineData("NODE-7")]
    public void Allows_OwnHost_True(string host) =>
        Assert.True(Policy().Allows(new HostString(host), Local));

    [Theory]
    [InlineData("evil.example")]
    [InlineData("evil.example:8080")]
    [InlineData("127.0.0.1.nip.io")]
    [InlineData("127.0.0.1.nip.io:8080")]
    [InlineData("localhost.evil.example")]
    [InlineData("evil-localhost")]
    [InlineData("node-7.evil.example")]
    [InlineData("10.0.0.6")] // another machine's address
    [InlineData("[::2]")]
    [InlineData("[not-an-address]")]
    [InlineData("2130706433")] // 127.0.0.1 as a number: not a dotted quad, and no name of ours
    [InlineData("127.1")]
    public void Allows_ForeignHost_False(string host) =>
        Assert.False(Policy().Allows(new HostString(host), Local));

    [Fact]
    public void Allows_NoHost_True() =>
        Assert.True(Policy().Allows(default, Local));

    [Fact]
    public void Allows_IPv4MappedLocalAddress_MatchesItsIPv4Host() =>
        Assert.True(Policy().Allows(new HostString("10.0.0.5:8080"), Local.MapToIPv6()));

    [Theory]
    [InlineData("proxy.internal")]
    [InlineData("Proxy.Internal:9000")]
    [InlineData("192.0.2.10")]
    [InlineData("[2001:db8::10]:8080")]
    public void Allows_OperatorAddedHost_True(string host) =>
        Assert.True(Policy("--api.allowedhosts=proxy.internal,192.0.2.10,2001:db8::10").Allows(new HostString(host), Local));

    [Theory]
    [InlineData("--api.address=admin.internal:8080", "admin.internal")]
    [InlineData("--cluster.publichostname=proxy-1", "proxy-1:8080")]
    [InlineData("--cluster.hostname=10.0.0.9 --cluster.insecure=true", "10.0.0.9")]
    public void Allows_ListenerAndClusterNames_True(string flags, string host) =>
        Assert.True(Policy(flags.Split(' ')).Allows(new HostString(host), Local));

    [Fact]
    public void Allows_WildcardListenAddress_DoesNotAllowAnyHost()
    {
        var policy = Policy("--api.address=0.0.0.0:8080");

        Assert.False(policy.Allows(new HostString("0.0.0.0"), Local));
        Assert.False(policy.Allows(new HostString("evil.example"), Local));
    }
}
