using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Proxy.Node.ClusterTls;

namespace Proxy.Node.Cli;

/// <summary>
/// <c>proxy-node cluster tls init|issue</c>: the two commands that set up mutual TLS on the
/// cluster transport, so that nobody is tempted to run a cluster without it.
/// </summary>
public static class ClusterTlsCommand
{
    public const string Usage = """
        usage: proxy-node cluster tls init <dir>
               proxy-node cluster tls issue <dir> <node-name> [--san=<dns-or-ip>[,...]]
        init writes a new cluster CA into <dir>: ca.crt and ca.key (ECDSA P-256, the key readable by its owner only).
        issue writes <node-name>.crt and <node-name>.key into <dir>, signed by the CA there, for both ends of a
        cluster connection; --san names the node's DNS names and IP addresses (default: <node-name>).
        Start each node with --cluster.tls.certfile=<node-name>.crt --cluster.tls.keyfile=<node-name>.key
        --cluster.tls.cafile=ca.crt; keep ca.key off the nodes.
        """;

    public static bool Handles(IReadOnlyList<string> args) => args is ["cluster", "tls", ..];

    public static Task<int> RunAsync(IReadOnlyList<string> args, TextWriter output, TextWriter error) =>
        RunAsync(args, output, error, TimeProvider.System);

    internal static async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter output, TextWriter error, TimeProvider time)
    {
        var parsed = ClusterTlsArguments.Parse(args.Skip(2).ToList());
        if (parsed.Error is not null)
        {
            await error.WriteLineAsync($"proxy-node cluster tls: {parsed.Error}\n{Usage}").ConfigureAwait(false);
            return 2;
        }

        try
        {
            var message = parsed.Verb == "init" ? Init(parsed.Directory, time) : Issue(parsed, time);
            await output.WriteLineAsync(message).ConfigureAwait(false);
            return 0;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or CryptographicException)
        {
            await error.WriteLineAsync($"proxy-node cluster tls {parsed.Verb}: {e.Message}").ConfigureAwait(false);
            return 1;
        }
    }

    private static string Init(string directory, TimeProvider time)
    {
        Directory.CreateDirectory(directory);
        using var ca = ClusterCertificateAuthority.CreateCa(time, ClusterCertificateAuthority.CaLifetime);
        ClusterTlsFiles.Write(directory, ClusterTlsFiles.CaCertificate, ClusterTlsFiles.CaKey, ca);
        return $"wrote the cluster CA {ca.Subject} (valid until {ca.NotAfter.ToUniversalTime():yyyy-MM-dd}) to "
            + $"{Path.Combine(directory, ClusterTlsFiles.CaCertificate)} and {Path.Combine(directory, ClusterTlsFiles.CaKey)}\n"
            + $"next: proxy-node cluster tls issue {directory} <node-name> for each node";
    }

    private static string Issue(ClusterTlsArguments parsed, TimeProvider time)
    {
        var caPath = Path.Combine(parsed.Directory, ClusterTlsFiles.CaCertificate);
        var caKeyPath = Path.Combine(parsed.Directory, ClusterTlsFiles.CaKey);
        if (!File.Exists(caPath) || !File.Exists(caKeyPath))
        {
            throw new IOException($"no cluster CA in {parsed.Directory} ({ClusterTlsFiles.CaCertificate} and {ClusterTlsFiles.CaKey}): run proxy-node cluster tls init {parsed.Directory} first");
        }

        var node = parsed.NodeName!;
        using var ca = X509Certificate2.CreateFromPemFile(caPath, caKeyPath);
        using var certificate = ClusterCertificateAuthority.IssueNode(ca, node, parsed.Sans, time, ClusterCertificateAuthority.NodeLifetime);
        ClusterTlsFiles.Write(parsed.Directory, ClusterTlsFiles.NodeCertificate(node), ClusterTlsFiles.NodeKey(node), certificate);
        var certPath = Path.Combine(parsed.Directory, ClusterTlsFiles.NodeCertificate(node));
        var keyPath = Path.Combine(parsed.Directory, ClusterTlsFiles.NodeKey(node));
        return $"wrote {certPath} and {keyPath} for {certificate.Subject} (valid until {certificate.NotAfter.ToUniversalTime():yyyy-MM-dd}), signed by {ca.Subject}\n"
            + $"start the node with --cluster.tls.certfile={certPath} --cluster.tls.keyfile={keyPath} --cluster.tls.cafile={caPath}";
    }
}
