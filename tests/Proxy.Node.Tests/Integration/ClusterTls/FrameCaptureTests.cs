using System.IO.Compression;
using System.Net;
using System.Text;

namespace Proxy.Node.Tests.Integration.ClusterTls;

/// <summary>
/// What a node sends to another over the cluster transport, read off the wire by a relay
/// between them: with mutual TLS, none of the replicated router names or backend URLs; without
/// it (the control, which shows the capture would see them), both.
/// </summary>
[Collection(IntegrationCollection.Name)]
public sealed class FrameCaptureTests
{
    private const string RouterName = "capture-router-q7x";
    private const string ServiceName = "capture-service-q7x";

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Replication_BetweenTwoNodes_RouterNamesAndBackendUrlsInClearOnlyWithoutTls(bool tls)
    {
        using var lab = new TlsLab();
        await lab.CaAsync("ca", "a", "b");
        await using var backend = await TestBackend.StartAsync("b", 1);
        var config = Path.Combine(lab.Directory, "dynamic.yml");
        await File.WriteAllTextAsync(config, $$"""
            http:
              routers:
                {{RouterName}}:
                  rule: "PathPrefix(`/`)"
                  service: {{ServiceName}}
              services:
                {{ServiceName}}:
                  loadBalancer:
                    servers:
                      - url: {{backend.Url}}
            """);

        // Node A binds 127.0.0.71 but is known to the cluster as 127.0.0.72, where the relay
        // listens on the same port: node B reaches A only through the relay.
        await using var relay = RecordingTcpRelay.Start(IPAddress.Parse("127.0.0.72"), IPAddress.Parse("127.0.0.71"));
        var seed = $"127.0.0.72:{relay.Port}";
        var a = lab.Start("127.0.0.71", relay.Port, seed, [.. tls ? lab.Flags("ca", "a") : [], "--cluster.publichostname=127.0.0.72"]);
        // Node B has the route; node A serves it only once B's replicated entry crossed the relay. Joining through
        // the relay over TLS took over 40 s twice in CI runs on a loaded machine (Akka retries a join every few seconds).
        var b = lab.Start("127.0.0.73", 0, seed, [.. tls ? lab.Flags("ca", "b") : [], $"--providers.file.filename={config}", "--providers.file.watch=false"]);
        await Eventually.TrueAsync(async () => (await TlsLab.MembersAsync(a.Api, upOnly: true)).Count == 2, "two members Up\n" + a.Process.Output, TimeSpan.FromSeconds(90));
        await Eventually.TrueAsync(() => TlsLab.ServesAsync(a.Web), "node A serving node B's route", TimeSpan.FromSeconds(30));

        var captured = relay.Captured();
        Assert.True(captured.Length > 1000, $"only {captured.Length} bytes captured");
        // DistributedData gossip is gzip-compressed: an eavesdropper unpacks it, and so does the test.
        var readable = captured.Concat(Gunzipped(captured)).ToArray();
        string[] secrets = [RouterName, ServiceName, backend.Url];
        var found = secrets.Where(secret => Contains(readable, Encoding.UTF8.GetBytes(secret)) || Contains(readable, Encoding.Unicode.GetBytes(secret))).ToList();
        Assert.True(
            tls ? found.Count == 0 : found.Count == secrets.Length,
            $"TLS {(tls ? "on" : "off")}: found [{string.Join(", ", found)}] of [{string.Join(", ", secrets)}] in {captured.Length} bytes captured ({readable.Length - captured.Length} more gunzipped)");
    }

    private static bool Contains(byte[] haystack, byte[] needle) => haystack.AsSpan().IndexOf(needle) >= 0;

    /// <summary>Whatever inflates from every gzip header (1f 8b 08) in the capture.</summary>
    private static IEnumerable<byte> Gunzipped(byte[] captured)
    {
        var output = new MemoryStream();
        for (var i = 0; i + 3 <= captured.Length; i++)
        {
            if (captured[i] != 0x1f || captured[i + 1] != 0x8b || captured[i + 2] != 0x08)
            {
                continue;
            }

            try
            {
                using var gzip = new GZipStream(new MemoryStream(captured, i, captured.Length - i), CompressionMode.Decompress);
                var buffer = new byte[4096];
                int read;
                while ((read = gzip.Read(buffer)) > 0 && output.Length < 16 * 1024 * 1024)
                {
                    output.Write(buffer, 0, read);
                }
            }
            catch (InvalidDataException)
            {
                // Not a gzip stream after all, or one cut by a frame boundary: what inflated is kept.
            }
        }

        return output.ToArray();
    }
}
