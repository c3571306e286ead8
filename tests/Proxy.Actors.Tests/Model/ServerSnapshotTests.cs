using Akka.Actor;
using Proxy.Actors.Model;
using Proxy.Actors.Model.Config;
using Proxy.Actors.Tls;
using Xunit;

namespace Proxy.Actors.Tests.Model;

public sealed class ServerSnapshotTests
{
    private const string Address = "https://127.0.0.31:8443";

    private static ServersTransportSpec Transport(string serverName) =>
        new("tr@file", ServersTransportConfig.Empty with { ServerName = serverName }, new ServersTransportMaterial(null, []));

    private static ServerSnapshot Server(string prefix = Address) =>
        new(prefix, prefix, 1, ServerHealth.Up, string.Empty, ActorRefs.Nobody, new ServerCounters());

    [Fact]
    public void PoolKey_ReadOnEveryRequest_BuiltOnceNotPerRead()
    {
        var server = Server() with { Transport = Transport("api.internal") };

        Assert.Same(server.PoolKey, server.PoolKey);
        Assert.Equal($"{Address} {server.Transport!.Identity}", server.PoolKey);
    }

    [Fact]
    public void PoolKey_TransportOrAddressChangedByWith_FollowsTheChange()
    {
        var plain = Server();
        var first = plain with { Transport = Transport("api.internal") };
        var second = first with { Transport = Transport("other.internal") };
        var moved = second with { DestinationPrefix = "https://127.0.0.32:8443" };
        var dropped = moved with { Transport = null };

        Assert.Equal(Address, plain.PoolKey);
        Assert.Equal($"{Address} {first.Transport!.Identity}", first.PoolKey);
        Assert.Equal($"{Address} {second.Transport!.Identity}", second.PoolKey);
        Assert.Equal($"https://127.0.0.32:8443 {second.Transport!.Identity}", moved.PoolKey);
        Assert.Equal("https://127.0.0.32:8443", dropped.PoolKey);
        Assert.Equal(first, Server() with { Transport = Transport("api.internal") } with { Counters = first.Counters });
    }

    [Theory]
    [InlineData("https://127.0.0.31:8443", true)]
    [InlineData("HTTPS://127.0.0.31:8443", true)]
    [InlineData("http://127.0.0.31:8080", false)]
    [InlineData("http://https.internal", false)]
    public void IsHttps_TheAddressScheme_FoundWithTheAddress(string prefix, bool expected)
    {
        Assert.Equal(expected, Server(prefix).IsHttps);
        Assert.Equal(!expected, (Server(prefix) with { DestinationPrefix = expected ? "http://127.0.0.31:80" : Address }).IsHttps);
    }

    [Fact]
    public void IsHttps_H2cServer_SpokenInPlainHttp2()
    {
        var h2c = new ServerSnapshot("h2c://127.0.0.31:50051", ServerScheme.Destination("h2c://127.0.0.31:50051"), 1, ServerHealth.Up, string.Empty,
            ActorRefs.Nobody, new ServerCounters()) { IsH2c = true };

        Assert.False(h2c.IsHttps);
    }
}
