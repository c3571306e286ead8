using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Xunit.Abstractions;

namespace Proxy.Node.Tests.Integration;

/// <summary>A large dynamic configuration, once replaced by a small one, gives its memory back.</summary>
[Collection(IntegrationCollection.Name)]
public sealed class MemoryReleaseTests(ITestOutputHelper output)
{
    private const string Small = "http:\n  routers:\n    r:\n      rule: \"PathPrefix(`/`)\"\n      service: whoami@internal\n";

    [Fact]
    public async Task FileEdit_LargeConfigurationReplacedBySmall_ResidentMemoryBackNearBefore()
    {
        var directory = Directory.CreateTempSubdirectory("proxy-it-memory-").FullName;
        try
        {
            var configPath = Path.Combine(directory, "dynamic.yml");
            await File.WriteAllTextAsync(configPath, Small);
            var apiPort = FreePort.Next();
            using var node = NodeProcess.Start(
            [
                $"--entrypoints.web.address=127.0.0.1:{FreePort.Next()}",
                $"--api.address=127.0.0.1:{apiPort}",
                $"--providers.file.filename={configPath}",
                "--providers.file.watch=true",
            ]);
            using var api = TestNode.NewClient(new Uri($"http://127.0.0.1:{apiPort}"));
            await Eventually.TrueAsync(async () => await RoutersAsync(api) == 1, "the small configuration", TimeSpan.FromSeconds(30));

            // One edit first, so that 'before' includes the code of the reload path and not only of the start.
            await ReplaceAsync(configPath, Small.Replace("r:", "s:", StringComparison.Ordinal));
            await Eventually.TrueAsync(async () => await RouterNamedAsync(api, "s@file"), "the edited small configuration", TimeSpan.FromSeconds(30));
            await Task.Delay(TimeSpan.FromSeconds(2));
            var before = ResidentKib(node.Pid);

            // 23 MB: several times the idle footprint once parsed (docs/file-provider.md), and within
            // the 64 MiB limit of a dynamic file.
            await ReplaceAsync(configPath, Large(routers: 1_000, headers: 100, valueLength: 200));
            await Eventually.TrueAsync(async () => await RoutersAsync(api) == 1_000, "the large configuration", TimeSpan.FromSeconds(60));
            var large = ResidentKib(node.Pid);

            await ReplaceAsync(configPath, Small);
            await Eventually.TrueAsync(async () => await RoutersAsync(api) == 1, "the small configuration again", TimeSpan.FromSeconds(60));
            var replaced = ResidentKib(node.Pid);

            // 20 % of 'before', plus 10 MiB for what the large file's first reading added for good:
            // code compiled for its paths and the runtime's data about it (docs/file-provider.md).
            var limit = (before * 12 / 10) + (10 * 1024);
            var last = 0L;
            try
            {
                await Eventually.TrueAsync(() => (last = ResidentKib(node.Pid)) <= limit, "resident memory back near its figure before", TimeSpan.FromSeconds(60));
            }
            finally
            {
                output.WriteLine($"RSS KiB: before {before}, large applied {large}, small applied {replaced}, last {last}, limit {limit}");
            }

        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>Routers that each use a headers middleware of many long values: large in bytes, few objects.</summary>
    private static string Large(int routers, int headers, int valueLength)
    {
        var value = new string('v', valueLength);
        var yaml = new StringBuilder("http:\n  routers:\n");
        for (var i = 0; i < routers; i++)
        {
            yaml.Append(CultureInfo.InvariantCulture,
                $"    router-{i}:\n      rule: \"Host(`host-{i}.example.com`)\"\n      service: whoami@internal\n      middlewares: [mw-{i}]\n");
        }

        yaml.Append("  middlewares:\n");
        for (var i = 0; i < routers; i++)
        {
            yaml.Append(CultureInfo.InvariantCulture, $"    mw-{i}:\n      headers:\n        customRequestHeaders:\n");
            for (var j = 0; j < headers; j++)
            {
                yaml.Append(CultureInfo.InvariantCulture, $"          X-H-{j}: \"{i:D6}-{j:D4}-{value}\"\n");
            }
        }

        return yaml.ToString();
    }

    /// <summary>Written beside and renamed over, so the watcher never reads half a file.</summary>
    private static async Task ReplaceAsync(string path, string content)
    {
        var temporary = path + ".tmp";
        await File.WriteAllTextAsync(temporary, content);
        File.Move(temporary, path, overwrite: true);
    }

    private static long ResidentKib(int pid)
    {
        var line = File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(line["VmRSS:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
    }

    private static async Task<int> RoutersAsync(HttpClient api)
    {
        using var overview = JsonDocument.Parse(await api.GetStringAsync("/api/overview"));
        return overview.RootElement.GetProperty("http").GetProperty("routers").GetProperty("total").GetInt32();
    }

    private static async Task<bool> RouterNamedAsync(HttpClient api, string name)
    {
        using var response = await api.GetAsync($"/api/http/routers/{name}");
        return response.StatusCode == HttpStatusCode.OK;
    }
}
