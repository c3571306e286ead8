using System.Net;
using System.Text;
using System.Text.Json;

namespace Proxy.Node.Tests.Integration.Docker;

/// <summary>
/// One proxy-node process of a multi-process cluster test. Its ports (web, API, cluster) are chosen
/// once, so it can be killed and started again on the same ones, as a restarted node on the same
/// address. Only processes it started are ever signalled, by their own PID.
/// </summary>
public sealed class ClusterMember : IDisposable
{
    private readonly string[] _args;
    private readonly StringBuilder _previousRuns = new();
    private NodeProcess? _process;

    /// <param name="name">How the test calls it (node1, ...), in failure messages.</param>
    /// <param name="clusterPort">Its cluster port; the seed's is <paramref name="seedPort"/>.</param>
    /// <param name="dockerEndpoint">The daemon its Docker provider watches, or null for none.</param>
    public ClusterMember(string name, int clusterPort, int seedPort, string? dockerEndpoint, params string[] extra)
    {
        Name = name;
        ClusterPort = clusterPort;
        var webPort = FreePort.Next();
        var apiPort = FreePort.Next();
        WebUrl = $"http://127.0.0.1:{webPort}";
        Api = TestNode.NewClient(new Uri($"http://127.0.0.1:{apiPort}"));
        Web = TestNode.NewClient(new Uri(WebUrl));
        _args =
        [
            $"--entrypoints.web.address=127.0.0.1:{webPort}",
            $"--api.address=127.0.0.1:{apiPort}",
            "--cluster.hostname=127.0.0.1",
            $"--cluster.port={clusterPort}",
            $"--cluster.seeds=127.0.0.1:{seedPort}",
            .. dockerEndpoint is null ? Array.Empty<string>() : [$"--providers.docker.endpoint={dockerEndpoint}"],
            .. extra,
        ];
    }

    public string Name { get; }

    public int ClusterPort { get; }

    /// <summary>How shared data and the API's <c>removed</c> list name this node (ClusterNode.Id).</summary>
    public string NodeId => $"127.0.0.1:{ClusterPort}";

    public string WebUrl { get; }

    public HttpClient Api { get; }

    public HttpClient Web { get; }

    public NodeProcess Process => _process ?? throw new InvalidOperationException($"{Name} is not started");

    /// <summary>What the node printed, in this run and the ones before a restart.</summary>
    public string Output => _previousRuns + (_process?.Output ?? string.Empty);

    /// <summary>Starts the node, or starts it again after it exited, with the same flags and ports.</summary>
    public void Start()
    {
        if (_process is not null)
        {
            _previousRuns.Append(_process.Output).AppendLine($"---- {Name} restarted ----");
            _process.Dispose();
        }

        _process = NodeProcess.Start(_args);
    }

    /// <summary>SIGKILL: no leaving, no draining; the others find out through the failure detector.</summary>
    public async Task KillAsync()
    {
        Process.SendSignal("KILL");
        await Process.WaitForExitAsync(TimeSpan.FromSeconds(10));
    }

    /// <summary>A client of the web entry point that sends every request with <paramref name="host"/> as its Host.</summary>
    public HttpClient WebClientFor(string host)
    {
        var client = TestNode.NewClient(new Uri(WebUrl));
        client.DefaultRequestHeaders.Host = host;
        return client;
    }

    /// <summary>GET / with a Host header through this node's web entry point.</summary>
    public async Task<(HttpStatusCode Status, string? Backend)> GetAsync(string host)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/") { Headers = { Host = host } };
        using var response = await Web.SendAsync(request);
        await response.Content.ReadAsByteArrayAsync();
        return (response.StatusCode, response.Headers.TryGetValues(TestBackend.NameHeader, out var names) ? names.First() : null);
    }

    /// <summary>This node's /cluster/members.</summary>
    public async Task<JsonDocument> MembersAsync() => JsonDocument.Parse(await Api.GetStringAsync("/cluster/members"));

    /// <summary>How many members this node sees Up.</summary>
    public async Task<int> UpCountAsync()
    {
        using var members = await MembersAsync();
        return members.RootElement.GetProperty("members").EnumerateArray().Count(m => m.GetProperty("status").GetString() == "Up");
    }

    /// <summary>The status of one server of a service as this node's API shows it (UP, DOWN, DRAINING), or null while it has no such server.</summary>
    public Task<string?> ServerStatusAsync(string service, string url) => ServerStatus.ReadAsync(Api, service, url);

    public void Dispose()
    {
        Web.Dispose();
        Api.Dispose();
        _process?.Dispose();
    }
}
