using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Xunit.Abstractions;

namespace Proxy.Node.Tests.Integration;

/// <summary>A dynamic file written to hurt the node: it must start, serve and say what is wrong.</summary>
[Collection(IntegrationCollection.Name)]
public sealed class HostileFileTests(ITestOutputHelper output)
{
    private const string DepthError = "nesting deeper than 64 levels (the limit for a dynamic configuration file)";

    [Fact]
    public async Task Start_DynamicFileNested100000Deep_StartsServesAndShowsTheError()
    {
        // Without the depth limit this file overflows the stack in YamlDotNet's node loader: exit 134 on every start.
        var directory = Directory.CreateTempSubdirectory("proxy-it-hostile-").FullName;
        try
        {
            var configPath = Path.Combine(directory, "dynamic.yml");
            await File.WriteAllTextAsync(configPath, "http:\n  routers: " + new string('[', 100_000) + "\n");
            var webPort = FreePort.Next();
            var apiPort = FreePort.Next();
            var clock = Stopwatch.StartNew();
            using var node = NodeProcess.Start(
            [
                $"--entrypoints.web.address=127.0.0.1:{webPort}",
                $"--api.address=127.0.0.1:{apiPort}",
                $"--providers.file.filename={configPath}",
                "--providers.file.watch=false",
            ]);
            using var api = TestNode.NewClient(new Uri($"http://127.0.0.1:{apiPort}"));
            using var web = TestNode.NewClient(new Uri($"http://127.0.0.1:{webPort}"));

            string? shown = null;
            await Eventually.TrueAsync(
                async () =>
                {
                    shown = await FileProviderErrorAsync(api);
                    return shown is not null;
                },
                "the file provider's error in /api/overview",
                TimeSpan.FromSeconds(30));
            output.WriteLine($"error shown {clock.Elapsed.TotalSeconds:0.0} s after start: {shown}");

            Assert.EndsWith($"line 2, column 74: {DepthError}", shown);
            using var ping = await api.GetAsync("/ping");
            Assert.Equal(HttpStatusCode.OK, ping.StatusCode);
            using var unrouted = await web.GetAsync("/");
            Assert.Equal(HttpStatusCode.NotFound, unrouted.StatusCode);
            await Eventually.TrueAsync(() => node.Output.Contains(DepthError, StringComparison.Ordinal), "the error in the node's log");
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>The first error message of the file provider in /api/overview, or null while it has none.</summary>
    private static async Task<string?> FileProviderErrorAsync(HttpClient api)
    {
        HttpResponseMessage response;
        try
        {
            response = await api.GetAsync("/api/overview");
        }
        catch (HttpRequestException)
        {
            return null;
        }

        using (response)
        {
            if (response.StatusCode != HttpStatusCode.OK)
            {
                return null;
            }

            using var overview = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            foreach (var provider in overview.RootElement.GetProperty("providers").EnumerateArray())
            {
                if (provider.GetProperty("name").GetString() == "file"
                    && provider.TryGetProperty("error", out var errors) && errors.ValueKind == JsonValueKind.Array && errors.GetArrayLength() > 0)
                {
                    return errors[0].ValueKind == JsonValueKind.String ? errors[0].GetString() : errors[0].GetRawText();
                }
            }
        }

        return null;
    }
}
