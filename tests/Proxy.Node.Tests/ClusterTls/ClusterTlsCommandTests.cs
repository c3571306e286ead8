using System.Security.Cryptography.X509Certificates;
using Proxy.Node.Cli;
using Proxy.Node.ClusterTls;

namespace Proxy.Node.Tests.ClusterTls;

public sealed class ClusterTlsCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("cluster-tls-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static async Task<(int Code, string Output, string Error)> Run(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await ClusterTlsCommand.RunAsync(["cluster", "tls", .. args], output, error);
        return (code, output.ToString(), error.ToString());
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task RunAsync_InitThenIssue_WritesCaAndNodeFilesWithOwnerOnlyKeys()
    {
        Assert.Equal(0, (await Run("init", _dir)).Code);
        var issued = await Run("issue", _dir, "node-a", "--san=node-a.internal,10.0.0.7");

        Assert.Equal(0, issued.Code);
        Assert.Contains("--cluster.tls.certfile=", issued.Output, StringComparison.Ordinal);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(_dir, "ca.key")));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(_dir, "node-a.key")));
        Assert.True(File.GetUnixFileMode(Path.Combine(_dir, "node-a.crt")).HasFlag(UnixFileMode.OtherRead));
    }

    [Fact]
    public async Task RunAsync_IssuedCertificate_ChainsToTheCaWithBothUsagesAndTheSans()
    {
        await Run("init", _dir);
        await Run("issue", _dir, "node-a", "--san=node-a.internal,10.0.0.7");

        using var node = X509Certificate2.CreateFromPemFile(Path.Combine(_dir, "node-a.crt"), Path.Combine(_dir, "node-a.key"));
        using var ca = X509CertificateLoader.LoadCertificateFromFile(Path.Combine(_dir, "ca.crt"));
        Assert.True(node.HasPrivateKey);
        Assert.Equal("1.2.840.10045.2.1", node.PublicKey.Oid.Value);
        Assert.Null(ClusterPeerCertificatePolicy.Refusal(node, [ca], DateTimeOffset.UtcNow));
        var usages = node.Extensions.OfType<X509EnhancedKeyUsageExtension>().Single().EnhancedKeyUsages.Cast<System.Security.Cryptography.Oid>().Select(o => o.Value);
        Assert.Equal(["1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2"], usages);
        var sans = node.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single();
        Assert.Equal(["node-a.internal"], sans.EnumerateDnsNames());
        Assert.Equal(["10.0.0.7"], sans.EnumerateIPAddresses().Select(a => a.ToString()));
        Assert.True(ca.Extensions.OfType<X509BasicConstraintsExtension>().Single().CertificateAuthority);
    }

    [Fact]
    public async Task RunAsync_InitTwice_RefusesToReplaceTheCa()
    {
        await Run("init", _dir);
        var before = await File.ReadAllTextAsync(Path.Combine(_dir, "ca.key"));

        var again = await Run("init", _dir);

        Assert.Equal(1, again.Code);
        Assert.Contains("ca.crt already exists; remove it first", again.Error, StringComparison.Ordinal);
        Assert.Equal(before, await File.ReadAllTextAsync(Path.Combine(_dir, "ca.key")));
    }

    [Fact]
    public async Task RunAsync_IssueWithoutCa_SaysToRunInitFirst()
    {
        var issued = await Run("issue", _dir, "node-a");

        Assert.Equal(1, issued.Code);
        Assert.Contains($"run proxy-node cluster tls init {_dir} first", issued.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("init /x", "init", "/x", null, "", null)]
    [InlineData("issue /x n1 --san=a,10.0.0.1 --san=b", "issue", "/x", "n1", "a 10.0.0.1 b", null)]
    [InlineData("issue /x ../n1", "", "", null, "", "node name '../n1' is not usable as a file name: use letters, digits, '.', '_' and '-' (at most 64)")]
    [InlineData("issue /x", "", "", null, "", "issue needs the CA's directory and the node's name")]
    [InlineData("init", "", "", null, "", "init needs the directory to write the CA into")]
    [InlineData("init /x --days=3", "", "", null, "", "unknown option --days=3")]
    [InlineData("", "", "", null, "", "missing command")]
    public void Parse_CommandLine_VerbDirectoryNodeSansOrError(string line, string verb, string directory, string? node, string sans, string? error)
    {
        var parsed = ClusterTlsArguments.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries));

        Assert.Equal((verb, directory, node, sans, error), (parsed.Verb, parsed.Directory, parsed.NodeName, string.Join(' ', parsed.Sans), parsed.Error));
    }
}
