using Proxy.Actors.Tests.Certificates.Acme;
using Proxy.Node.Tests.Integration.Https;

namespace Proxy.Node.Tests.Acme;

/// <summary>What the resolver tests trust of pebble, written to files for the node and curl, and curl's check of a served certificate.</summary>
internal static class PebbleTrust
{
    /// <summary>Pebble's own listener certificate (the resolver's caCertificates) and the root its certificates chain to (curl's --cacert).</summary>
    public static async Task<(string CaFile, string RootFile)> WriteAsync(PebbleServer pebble, string directory)
    {
        var caFile = Path.Combine(directory, "pebble-listener.pem");
        await File.WriteAllTextAsync(caFile, pebble.ListenerCertificate.ExportCertificatePem());
        using var root = await pebble.RootAsync();
        var rootFile = Path.Combine(directory, "pebble-root.pem");
        await File.WriteAllTextAsync(rootFile, root.ExportCertificatePem());
        return (caFile, rootFile);
    }

    /// <summary>One HTTPS request for <paramref name="host"/> to 127.0.0.1:<paramref name="port"/> trusting pebble's root only: exit code 0 once a certificate pebble issued is served.</summary>
    public static Task<ToolResult> CurlAsync(string host, int port, string rootFile) =>
        HttpsLab.RunAsync("curl",
        [
            "-sS", "--max-time", "5", "--noproxy", "*", "--resolve", $"{host}:{port}:127.0.0.1", "--cacert", rootFile,
            "-o", "/dev/null", "-w", "%{http_code}", $"https://{host}:{port}/",
        ]);
}
