using System.Net;
using System.Text.Json;
using Proxy.Node.Hosting;

namespace Proxy.Node.Tests.Integration;

/// <summary>
/// The real node in-process, composed as the binary composes it (<see cref="NodeHost.Create"/>: a
/// cluster of one, its providers reporting through the shared configuration), with an entry point
/// named web, the API and the cluster transport on free loopback ports, and the file provider
/// watching a temporary YAML file. What differs from production is only static configuration.
/// </summary>
public sealed class TestNode : IAsyncDisposable
{
    private readonly ProxyNode _node;
    private readonly string _directory;

    private TestNode(ProxyNode node, string directory, string configPath, int webPort, int apiPort)
    {
        _node = node;
        _directory = directory;
        ConfigPath = configPath;
        WebPort = webPort;
        ApiPort = apiPort;
        Client = NewClient(new Uri($"http://127.0.0.1:{webPort}"));
        Api = NewClient(new Uri($"http://127.0.0.1:{apiPort}"));
    }

    public string ConfigPath { get; }

    public int WebPort { get; }

    /// <summary>The node's services, for a test that plays a part a later component will (a TLS-ALPN-01 challenge in the certificate cell).</summary>
    public IServiceProvider Services => _node.Services;

    public int ApiPort { get; }

    /// <summary>A client of the web entry point.</summary>
    public HttpClient Client { get; }

    public HttpClient Api { get; }

    /// <summary>The node's actor system: for a test that talks to the node's actors or cells.</summary>
    public Akka.Actor.ActorSystem System => _node.System;

    /// <summary>
    /// Starts a node serving <paramref name="yaml"/>, and returns once /ping answers and every
    /// router in <paramref name="routers"/> (names without @file) is enabled.
    /// </summary>
    public static Task<TestNode> StartAsync(string yaml, params string[] routers) =>
        StartAsync(yaml, routers, []);

    /// <summary>As above, with extra static flags (e.g. a shorter response timeout).</summary>
    public static async Task<TestNode> StartAsync(string yaml, string[] routers, string[] extraFlags)
    {
        var directory = Directory.CreateTempSubdirectory("proxy-it-").FullName;
        var configPath = Path.Combine(directory, "dynamic.yml");
        await File.WriteAllTextAsync(configPath, yaml).ConfigureAwait(false);
        var webPort = FreePort.Next();
        var apiPort = FreePort.Next();
        var loaded = StaticConfigLoader.Load(
            [
                $"--entrypoints.web.address=127.0.0.1:{webPort}",
                $"--api.address=127.0.0.1:{apiPort}",
                $"--providers.file.filename={configPath}",
                "--providers.file.watch=true",
                // The cluster of one on a free loopback port, so that tests may run beside any node.
                "--cluster.hostname=127.0.0.1",
                "--cluster.port=0",
                "--log.level=WARN",
                .. extraFlags,
            ],
            new Dictionary<string, string>());
        Assert.True(loaded.IsValid, loaded.RenderErrors());

        var proxyNode = NodeHost.Create(loaded.Config);
        var node = new TestNode(proxyNode, directory, configPath, webPort, apiPort);
        try
        {
            await proxyNode.StartAsync().ConfigureAwait(false);
            await Eventually.TrueAsync(
                async () => (await node.Api.GetAsync("/ping").ConfigureAwait(false)).StatusCode == HttpStatusCode.OK, "/ping").ConfigureAwait(false);
            await node.WaitForRoutersAsync(routers).ConfigureAwait(false);
            return node;
        }
        catch
        {
            await node.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public Task WaitForRoutersAsync(params string[] routers) =>
        Eventually.TrueAsync(
            async () =>
            {
                using var json = await GetApiJsonAsync("/api/http/routers").ConfigureAwait(false);
                var enabled = json.RootElement.EnumerateArray()
                    .Where(r => r.GetProperty("status").GetString() == "enabled")
                    .Select(r => r.GetProperty("name").GetString())
                    .ToHashSet();
                return routers.All(r => enabled.Contains($"{r}@file"));
            },
            $"routers {string.Join(", ", routers)} to be enabled");

    /// <summary>Replaces the dynamic configuration atomically (write beside, rename over), as editors do.</summary>
    public async Task WriteConfigAsync(string yaml)
    {
        var temporary = Path.Combine(_directory, $"dynamic.{Guid.NewGuid():N}.tmp");
        await File.WriteAllTextAsync(temporary, yaml).ConfigureAwait(false);
        File.Move(temporary, ConfigPath, overwrite: true);
    }

    public async Task<JsonDocument> GetApiJsonAsync(string path)
    {
        using var response = await Api.GetAsync(path).ConfigureAwait(false);
        var body = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
        Assert.True(response.IsSuccessStatusCode, $"GET {path}: {(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body);
    }

    /// <summary>The server status (UP, DOWN, DRAINING) the API shows for one server of a service.</summary>
    public async Task<string?> ServerStatusAsync(string service, string url)
    {
        using var json = await GetApiJsonAsync($"/api/http/services/{service}@file").ConfigureAwait(false);
        return json.RootElement.TryGetProperty("serverStatus", out var status) && status.TryGetProperty(url, out var value)
            ? value.GetString()
            : null;
    }

    /// <summary>The failures the request path told <paramref name="url"/>'s backend actor of (its passive health's input).</summary>
    public async Task<long> ServerFailuresAsync(string service, string url)
    {
        using var json = await GetApiJsonAsync($"/api/http/services/{service}@file").ConfigureAwait(false);
        return json.RootElement.GetProperty("servers").EnumerateArray()
            .Where(s => s.GetProperty("url").GetString() == url)
            .Select(s => s.GetProperty("failures").GetInt64())
            .SingleOrDefault();
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        Api.Dispose();
        try
        {
            await _node.DisposeAsync().ConfigureAwait(false);
        }
        finally
        {
            try
            {
                Directory.Delete(_directory, recursive: true);
            }
            catch (IOException)
            {
                // A watcher may still hold the directory for a moment; the OS cleans temp.
            }
        }
    }

    public static HttpClient NewClient(Uri baseAddress) => new(new SocketsHttpHandler { UseProxy = false, AllowAutoRedirect = false })
    {
        BaseAddress = baseAddress,
        Timeout = TimeSpan.FromSeconds(30),
    };
}
