using Proxy.Node.Hosting;
using Xunit;

namespace Proxy.Node.Tests.Hosting;

public sealed class ClusterOptionsTests
{
    private static StaticConfigResult Load(string[] args, Dictionary<string, string>? environment = null) =>
        StaticConfigLoader.Load(args, environment ?? [], path => throw new FileNotFoundException(path));

    private static ClusterSettings Cluster(StaticConfigResult result)
    {
        Assert.True(result.IsValid, result.RenderErrors());
        return result.Config!.Cluster;
    }

    [Fact]
    public void Load_NoClusterOptions_ClusterOfItsOwnOnAnyFreePort()
    {
        var cluster = Cluster(Load([]));

        Assert.Equal(ClusterSettings.Default.Name, cluster.Name);
        Assert.Equal("127.0.0.1", cluster.Hostname);
        Assert.Equal(0, cluster.Port);
        Assert.Null(cluster.PublicHostname);
        Assert.Empty(cluster.Seeds);
        Assert.Empty(cluster.Roles);
    }

    [Fact]
    public void Load_AllClusterOptions_Bound()
    {
        var cluster = Cluster(Load(
        [
            "--cluster.name=edge", "--cluster.hostname=10.0.0.5", "--cluster.port=4053", "--cluster.publichostname=proxy-1.example",
            "--cluster.seeds=10.0.0.5:4053", "--cluster.seeds=10.0.0.6:4053", "--cluster.roles=edge,eu", "--cluster.insecure=true",
        ]));

        Assert.Equal("edge", cluster.Name);
        Assert.Equal("10.0.0.5", cluster.Hostname);
        Assert.Equal(4053, cluster.Port);
        Assert.Equal("proxy-1.example", cluster.PublicHostname);
        Assert.Equal(["10.0.0.5:4053", "10.0.0.6:4053"], cluster.Seeds.Select(s => s.ToString()));
        Assert.Equal(["edge", "eu"], cluster.Roles.ToArray());
    }

    [Fact]
    public void Load_SeedsFromEnvironment_CommaSeparated()
    {
        var cluster = Cluster(Load([], new Dictionary<string, string> { ["PROXY_CLUSTER_SEEDS"] = "a.example:4053,b.example:4053" }));

        Assert.Equal(2, cluster.Seeds.Length);
    }

    [Theory]
    [InlineData("--cluster.port=70000", "invalid value \"70000\" for --cluster.port: expected a port from 0 (any free one) to 65535")]
    [InlineData("--cluster.name=my proxy", "invalid value \"my proxy\" for --cluster.name: expected letters, digits, '_' and '-', starting with a letter or digit")]
    [InlineData("--cluster.seeds=:4053", "invalid value \":4053\" for --cluster.seeds: expected host:port items, several as a comma-separated list or by repeating the flag, or one dns:<name>:<port>, the name a DNS name (letters, digits, '-' and '_' between dots) and the port 1-65535")]
    [InlineData("--cluster.roles=a b", "invalid value \"a b\" for --cluster.roles: expected names of letters, digits, '_' and '-', several as a comma-separated list or by repeating the flag")]
    public void Load_BadClusterValue_ErrorNamesOptionAndWhatIsAccepted(string flag, string message)
    {
        var result = Load([flag]);

        Assert.False(result.IsValid);
        Assert.Contains(message, result.Errors.Select(e => e.Message));
    }

    [Fact]
    public void Load_ManagementOffLoopbackWithoutToken_ErrorAsksForTheToken()
    {
        var result = Load(["--management.address=:8558"]);

        Assert.False(result.IsValid);
        Assert.Contains(result.Errors, e => e.Message.StartsWith("the cluster API would listen on :8558", StringComparison.Ordinal)
            && e.Message.Contains("--management.token", StringComparison.Ordinal));
        Assert.True(Load(["--management.address=:8558", "--management.token=t"]).IsValid);
        Assert.True(Load(["--management.address=127.0.0.1:8558"]).IsValid);
        Assert.True(Load(["--api.address=:9080"]).IsValid);
    }
}
