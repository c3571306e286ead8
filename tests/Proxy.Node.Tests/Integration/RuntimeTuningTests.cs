using System.Net;

namespace Proxy.Node.Tests.Integration;

/// <summary>
/// The node runs with the GC budgets and the malloc arena limit it is measured with: started
/// without them, the same process (same PID) re-executes itself with them set, reachable by the
/// diagnostics tools as before; an operator's own value is left alone.
/// </summary>
[Collection(IntegrationCollection.Name)]
public sealed class RuntimeTuningTests
{
    private static readonly TimeSpan Start = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Start_WithoutBudgets_SameProcessRunsWithThem()
    {
        var environment = await StartAndReadEnvironmentAsync(new Dictionary<string, string>());

        Assert.Equal("800000", environment.GetValueOrDefault("DOTNET_GCGen0MaxBudget"));
        Assert.Equal("400000", environment.GetValueOrDefault("DOTNET_GCGen1MaxBudget"));
        Assert.Equal("2", environment.GetValueOrDefault("MALLOC_ARENA_MAX"));
        Assert.Equal("131072", environment.GetValueOrDefault("MALLOC_TRIM_THRESHOLD_"));
        Assert.Equal("131072", environment.GetValueOrDefault("MALLOC_MMAP_THRESHOLD_"));
    }

    [Fact]
    public async Task Start_OperatorSetsOneBudget_OtherBudgetNotAdded()
    {
        var environment = await StartAndReadEnvironmentAsync(new Dictionary<string, string> { ["DOTNET_GCGen0MaxBudget"] = "0" });

        Assert.Equal("0", environment.GetValueOrDefault("DOTNET_GCGen0MaxBudget"));
        Assert.False(environment.ContainsKey("DOTNET_GCGen1MaxBudget"));
        Assert.Equal("2", environment.GetValueOrDefault("MALLOC_ARENA_MAX"));
    }

    [Fact]
    public async Task Start_OperatorSetsArenas_TheirsKeptAndBudgetsAdded()
    {
        var environment = await StartAndReadEnvironmentAsync(new Dictionary<string, string> { ["MALLOC_ARENA_MAX"] = "4" });

        Assert.Equal("4", environment.GetValueOrDefault("MALLOC_ARENA_MAX"));
        Assert.Equal("800000", environment.GetValueOrDefault("DOTNET_GCGen0MaxBudget"));
        Assert.Equal("400000", environment.GetValueOrDefault("DOTNET_GCGen1MaxBudget"));
    }

    [Theory]
    [InlineData("", "DOTNET_GCGen0MaxBudget DOTNET_GCGen1MaxBudget MALLOC_ARENA_MAX MALLOC_TRIM_THRESHOLD_ MALLOC_MMAP_THRESHOLD_")]
    [InlineData("DOTNET_GCGen0MaxBudget", "MALLOC_ARENA_MAX MALLOC_TRIM_THRESHOLD_ MALLOC_MMAP_THRESHOLD_")]
    [InlineData("DOTNET_GCGen1MaxBudget", "MALLOC_ARENA_MAX MALLOC_TRIM_THRESHOLD_ MALLOC_MMAP_THRESHOLD_")]
    [InlineData("MALLOC_ARENA_MAX", "DOTNET_GCGen0MaxBudget DOTNET_GCGen1MaxBudget MALLOC_TRIM_THRESHOLD_ MALLOC_MMAP_THRESHOLD_")]
    [InlineData("MALLOC_TRIM_THRESHOLD_ DOTNET_GCGen0MaxBudget", "MALLOC_ARENA_MAX MALLOC_MMAP_THRESHOLD_")]
    [InlineData("DOTNET_GCGen0MaxBudget MALLOC_ARENA_MAX MALLOC_TRIM_THRESHOLD_ MALLOC_MMAP_THRESHOLD_", "")]
    [InlineData("DOTNET_GCGen0MaxBudget DOTNET_GCGen1MaxBudget MALLOC_ARENA_MAX MALLOC_TRIM_THRESHOLD_ MALLOC_MMAP_THRESHOLD_", "")]
    public void Missing_SomeSet_AddsTheRestBudgetsAsAPair(string set, string added)
    {
        var names = set.Split(' ', StringSplitOptions.RemoveEmptyEntries);

        var missing = Proxy.Node.Hosting.RuntimeTuning.Missing(names.Contains);

        Assert.Equal(added, string.Join(' ', missing.Select(s => s.Key)));
    }

    [Fact]
    public async Task Start_WithoutBudgets_DiagnosticsSocketListensAfterReexecution()
    {
        var apiPort = FreePort.Next();
        using var node = NodeProcess.Start(
            [$"--entrypoints.web.address=127.0.0.1:{FreePort.Next()}", $"--api.address=127.0.0.1:{apiPort}"],
            new Dictionary<string, string>());
        using var api = TestNode.NewClient(new Uri($"http://127.0.0.1:{apiPort}"));
        await Eventually.TrueAsync(async () => (await api.GetAsync("/ping")).StatusCode == HttpStatusCode.OK, "/ping", Start);
        Assert.Equal("800000", (await File.ReadAllTextAsync($"/proc/{node.Pid}/environ")).Split('\0').FirstOrDefault(e => e.StartsWith("DOTNET_GCGen0MaxBudget=", StringComparison.Ordinal))?.Split('=')[1]);

        // What dotnet-trace and dotnet-counters do first: connect to the process's diagnostics socket.
        var directory = Environment.GetEnvironmentVariable("TMPDIR") is { Length: > 0 } tmp ? tmp : "/tmp";
        var path = Assert.Single(Directory.GetFiles(directory, $"dotnet-diagnostic-{node.Pid}-*-socket"));
        using var socket = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.Unix, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Unspecified);
        await socket.ConnectAsync(new System.Net.Sockets.UnixDomainSocketEndPoint(path));
    }

    [Fact]
    public void StartTime_StatLineWithSpacesAndParenthesesInTheName_Field22()
    {
        const string Stat = "4242 (a) b (c) S 1 4242 4242 0 -1 4194560 100 0 0 0 5 3 0 0 20 0 12 0 7185527 300000000 9000 18446744073709551615";

        Assert.Equal("7185527", Proxy.Node.Hosting.DiagnosticsSocket.StartTime(Stat));
        Assert.Throws<FormatException>(() => Proxy.Node.Hosting.DiagnosticsSocket.StartTime("4242 (a) S 1"));
    }

    /// <summary>The environment of the running node, read from /proc by the PID the test started.</summary>
    private static async Task<Dictionary<string, string>> StartAndReadEnvironmentAsync(Dictionary<string, string> extra)
    {
        var apiPort = FreePort.Next();
        using var node = NodeProcess.Start(
            [$"--entrypoints.web.address=127.0.0.1:{FreePort.Next()}", $"--api.address=127.0.0.1:{apiPort}"],
            extra);
        using var api = TestNode.NewClient(new Uri($"http://127.0.0.1:{apiPort}"));
        await Eventually.TrueAsync(async () => (await api.GetAsync("/ping")).StatusCode == HttpStatusCode.OK, "/ping", Start);
        var raw = await File.ReadAllTextAsync($"/proc/{node.Pid}/environ");
        return raw.Split('\0', StringSplitOptions.RemoveEmptyEntries)
            .Select(entry => entry.Split('=', 2))
            .Where(pair => pair.Length == 2)
            .GroupBy(pair => pair[0], StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Last()[1], StringComparer.Ordinal);
    }
}
