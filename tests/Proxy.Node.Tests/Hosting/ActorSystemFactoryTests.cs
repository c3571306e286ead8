using Akka.Configuration;
using Proxy.Node.Hosting;

namespace Proxy.Node.Tests.Hosting;

public sealed class ActorSystemFactoryTests
{
    /// <summary>
    /// The composition has one wiring, the cluster's: whatever cluster.hocon says (or when it is
    /// missing), the actor system it builds is a cluster member.
    /// </summary>
    [Theory]
    [InlineData("")]
    [InlineData("akka.actor.provider = local")]
    [InlineData("akka.actor.provider = remote")]
    [InlineData("akka.actor.provider = \"Akka.Actor.LocalActorRefProvider, Akka\"")]
    public void Hocon_FileNamesAnyProvider_ClusterProvider(string fromFile)
    {
        var loaded = StaticConfigLoader.Load([], new Dictionary<string, string>(), path => throw new FileNotFoundException(path));
        Assert.True(loaded.IsValid, loaded.RenderErrors());

        var hocon = ActorSystemFactory.Hocon(loaded.Config!, ConfigurationFactory.ParseString(fromFile));

        Assert.Equal("cluster", hocon.GetString("akka.actor.provider"));
    }

    [Fact]
    public void Hocon_ShippedClusterHocon_FlagsOverTheFile()
    {
        var loaded = StaticConfigLoader.Load(["--cluster.port=4711", "--log.level=ERROR"], new Dictionary<string, string>(), path => throw new FileNotFoundException(path));
        Assert.True(loaded.IsValid, loaded.RenderErrors());
        var shipped = ConfigurationFactory.ParseString(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "cluster.hocon")));

        var hocon = ActorSystemFactory.Hocon(loaded.Config!, shipped);

        Assert.Equal(4711, hocon.GetInt("akka.remote.dot-netty.tcp.port"));
        Assert.Equal("ERROR", hocon.GetString("akka.loglevel"));
        Assert.Equal("keep-majority", hocon.GetString("akka.cluster.split-brain-resolver.active-strategy"));
    }

    /// <summary>The ordering singleton runs only on nodes with the role: a node without resolvers never holds it.</summary>
    [Theory]
    [InlineData(new[] { "--cluster.roles=edge", "--entrypoints.web.address=:80", "--certificatesresolvers.le.acme.httpchallenge.entrypoint=web" }, new[] { "acme", "edge" })]
    [InlineData(new[] { "--cluster.roles=edge" }, new[] { "edge" })]
    public void Hocon_ResolversConfiguredOrNot_AcmeRoleOnlyWithResolvers(string[] flags, string[] roles)
    {
        var loaded = StaticConfigLoader.Load(flags, new Dictionary<string, string>(), path => throw new FileNotFoundException(path));
        Assert.True(loaded.IsValid, loaded.RenderErrors());

        var hocon = ActorSystemFactory.Hocon(loaded.Config!, ConfigurationFactory.ParseString(""));

        Assert.Equal(roles, hocon.GetStringList("akka.cluster.roles").Order(StringComparer.Ordinal).ToArray());
    }
}
