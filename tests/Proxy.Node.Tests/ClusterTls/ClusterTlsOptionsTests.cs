using Proxy.Node.Cli;
using Proxy.Node.ClusterTls;
using Proxy.Node.Hosting;

namespace Proxy.Node.Tests.ClusterTls;

public sealed class ClusterTlsOptionsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("cluster-tls-options-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static StaticConfigResult Load(params string[] args) =>
        StaticConfigLoader.Load(args, new Dictionary<string, string>(), path => throw new FileNotFoundException(path));

    private async Task<string> InitAsync(string dir, params string[] nodes)
    {
        var path = Path.Combine(_dir, dir);
        await ClusterTlsCommand.RunAsync(["cluster", "tls", "init", path], TextWriter.Null, TextWriter.Null);
        foreach (var node in nodes)
        {
            await ClusterTlsCommand.RunAsync(["cluster", "tls", "issue", path, node], TextWriter.Null, TextWriter.Null);
        }

        return path;
    }

    private static string[] Flags(string certDir, string node, string caDir) =>
    [
        $"--cluster.tls.certfile={Path.Combine(certDir, node + ".crt")}",
        $"--cluster.tls.keyfile={Path.Combine(certDir, node + ".key")}",
        $"--cluster.tls.cafile={Path.Combine(caDir, "ca.crt")}",
    ];

    [Fact]
    public void Load_NoTlsOptions_PlainTransport()
    {
        var result = Load();

        Assert.True(result.IsValid, result.RenderErrors());
        Assert.Null(result.Config!.Cluster.Tls);
    }

    [Fact]
    public async Task Load_FilesFromTlsIssue_Bound()
    {
        var dir = await InitAsync("ca", "n1");

        var result = Load(Flags(dir, "n1", dir));

        Assert.True(result.IsValid, result.RenderErrors());
        Assert.Equal(Path.Combine(dir, "n1.key"), result.Config!.Cluster.Tls!.KeyFile);
    }

    [Fact]
    public void Load_OnlyTheCertificate_ErrorNamesTheMissingOptions()
    {
        var result = Load("--cluster.tls.certfile=/etc/proxy/n1.crt");

        Assert.False(result.IsValid);
        Assert.Contains(
            "cluster TLS needs all three of --cluster.tls.certfile, --cluster.tls.keyfile and --cluster.tls.cafile; --cluster.tls.certfile is given but --cluster.tls.keyfile and --cluster.tls.cafile not",
            result.RenderErrors(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Load_CertificateOfAnotherCa_ErrorSaysPeersWouldRefuseIt()
    {
        var ours = await InitAsync("ours");
        var theirs = await InitAsync("theirs", "n1");

        var result = Load(Flags(theirs, "n1", ours));

        Assert.False(result.IsValid);
        Assert.Contains("would be refused by peers trusting", result.RenderErrors(), StringComparison.Ordinal);
        Assert.Contains("not signed by the cluster's CA", result.RenderErrors(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Load_KeyOfAnotherNode_ErrorNamesBothFiles()
    {
        var dir = await InitAsync("ca", "n1", "n2");

        var result = Load($"--cluster.tls.certfile={dir}/n1.crt", $"--cluster.tls.keyfile={dir}/n2.key", $"--cluster.tls.cafile={dir}/ca.crt");

        Assert.False(result.IsValid);
        Assert.Contains($"cannot read the node's certificate {dir}/n1.crt with its key {dir}/n2.key", result.RenderErrors(), StringComparison.Ordinal);
    }

    [Fact]
    public void Load_MissingCaFile_ErrorNamesIt()
    {
        var result = Load("--cluster.tls.certfile=/nonexistent/n1.crt", "--cluster.tls.keyfile=/nonexistent/n1.key", "--cluster.tls.cafile=/nonexistent/ca.crt");

        Assert.False(result.IsValid);
        Assert.Contains("cannot read the cluster's CA file /nonexistent/ca.crt", result.RenderErrors(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--cluster.hostname=0.0.0.0")]
    [InlineData("--cluster.hostname=10.0.0.5")]
    [InlineData("--cluster.hostname=proxy-1.internal")]
    public void Load_NonLoopbackTransportWithoutTls_RefusedWithTheTwoCommands(string flag)
    {
        var result = Load(flag);

        Assert.False(result.IsValid);
        var errors = result.RenderErrors();
        Assert.Contains("which is not loopback, without TLS", errors, StringComparison.Ordinal);
        Assert.Contains("`proxy-node cluster tls init <dir>` once, `proxy-node cluster tls issue <dir> <node-name>` per node", errors, StringComparison.Ordinal);
        Assert.Contains("--cluster.insecure=true", errors, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--cluster.hostname=127.0.0.5", "plaintext-loopback")]
    [InlineData("--cluster.hostname=localhost", "plaintext-loopback")]
    [InlineData("--cluster.hostname=::1", "plaintext-loopback")]
    [InlineData("--cluster.hostname=10.0.0.5 --cluster.insecure=true", "insecure")]
    public void Load_PlainTransportAllowed_SecurityAsTheApiShowsIt(string flags, string security)
    {
        var result = Load(flags.Split(' '));

        Assert.True(result.IsValid, result.RenderErrors());
        Assert.Equal(security, ClusterTransportSecurity.Name(ClusterTransportSecurity.For(result.Config!.Cluster)));
    }

    [Fact]
    public async Task Load_NonLoopbackTransportWithTls_MutualTls()
    {
        var dir = await InitAsync("ca", "n1");

        var result = Load([.. Flags(dir, "n1", dir), "--cluster.hostname=0.0.0.0"]);

        Assert.True(result.IsValid, result.RenderErrors());
        Assert.Equal(ClusterTransportSecurityKind.MutualTls, ClusterTransportSecurity.For(result.Config!.Cluster));
    }
}
