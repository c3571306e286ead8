using System.Diagnostics;
using System.Globalization;
using Proxy.Tests.Processes;

namespace Proxy.Node.Tests.Integration.Partition;

/// <summary>
/// A private network made of network namespaces this test creates and always deletes: one
/// namespace per node, each with a veth pair to a bridge in a namespace of its own, which also
/// holds the backend. Addresses (10.213.0.0/24) exist only inside these namespaces; nothing is
/// routed from or sent to the root namespace. Cutting a node's link takes its veth end on the
/// bridge down, so the node's namespace keeps its own address and loopback: clients inside it
/// still reach the node, as clients on the node's side of a real partition would.
/// </summary>
public sealed class NetworkLab : IDisposable
{
    public const string BackendAddress = "10.213.0.100";
    private static readonly Lazy<string?> Missing = new(FindProblem);
    private readonly List<string> _namespaces = [];

    private NetworkLab(string id) => Id = id;

    /// <summary>Unique per lab, so that labs of concurrent runs never share a namespace name.</summary>
    public string Id { get; }

    public string Bridge => $"pxpt-{Id}-br";

    /// <summary>In CI the partition test must run: missing tools there are a failure, never a skip.</summary>
    public static bool Required =>
        string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>Why namespaces cannot be built here, or null.</summary>
    public static string? Problem => Missing.Value;

    public static void Require()
    {
        if (Problem is { } problem)
        {
            Assert.Fail($"the partition test is required (CI=true) but {problem}");
        }
    }

    public static string NodeAddress(int node) => $"10.213.0.{node}";

    public string NodeNamespace(int node) => $"pxpt-{Id}-n{node}";

    /// <summary>Builds the bridge namespace and <paramref name="nodes"/> node namespaces linked to it.</summary>
    public static async Task<NetworkLab> CreateAsync(int nodes)
    {
        var lab = new NetworkLab(Convert.ToHexString(BitConverter.GetBytes(Random.Shared.Next())).ToLowerInvariant()[..6]);
        try
        {
            await lab.AddNamespaceAsync(lab.Bridge);
            await IpAsync("-n", lab.Bridge, "link", "add", "br0", "type", "bridge");
            await IpAsync("-n", lab.Bridge, "addr", "add", $"{BackendAddress}/24", "dev", "br0");
            await IpAsync("-n", lab.Bridge, "link", "set", "br0", "up");
            for (var node = 1; node <= nodes; node++)
            {
                var ns = lab.NodeNamespace(node);
                await lab.AddNamespaceAsync(ns);
                // Created inside the node's namespace with its peer placed in the bridge's at once:
                // no interface ever appears in the root namespace.
                await IpAsync("-n", ns, "link", "add", "v0", "type", "veth", "peer", "name", BridgePort(node), "netns", lab.Bridge);
                await IpAsync("-n", lab.Bridge, "link", "set", BridgePort(node), "master", "br0");
                await IpAsync("-n", lab.Bridge, "link", "set", BridgePort(node), "up");
                await IpAsync("-n", ns, "addr", "add", $"{NodeAddress(node)}/24", "dev", "v0");
                await IpAsync("-n", ns, "link", "set", "v0", "up");
            }

            return lab;
        }
        catch
        {
            lab.Dispose();
            throw;
        }
    }

    /// <summary>Takes the node's port on the bridge down: the node can reach nobody and nobody it, except from inside its namespace.</summary>
    public Task CutAsync(int node) => IpAsync("-n", Bridge, "link", "set", BridgePort(node), "down");

    public Task RestoreAsync(int node) => IpAsync("-n", Bridge, "link", "set", BridgePort(node), "up");

    /// <summary>Starts a command inside a namespace; the caller owns (and kills) the process.</summary>
    public static Process StartIn(string netns, params string[] command)
    {
        var info = new ProcessStartInfo("ip")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            ArgumentList = { "netns", "exec", netns },
        };
        foreach (var arg in command)
        {
            info.ArgumentList.Add(arg);
        }

        return Process.Start(info) ?? throw new InvalidOperationException($"could not start {command[0]} in {netns}");
    }

    /// <summary>Runs a command inside a namespace to its end and returns its exit code and output.</summary>
    public static Task<(int ExitCode, string Output)> RunInAsync(string netns, TimeSpan timeout, params string[] command) =>
        RunAsync("ip", ["netns", "exec", netns, .. command], timeout);

    /// <summary>curl from inside a namespace: the status code (0 when no response), the seconds it took, and the body.</summary>
    public static async Task<(int Status, double Seconds, string Body)> CurlAsync(string netns, string url, TimeSpan timeout)
    {
        var marker = "\n--curl--";
        var (_, output) = await RunInAsync(netns, timeout + TimeSpan.FromSeconds(5),
            "curl", "-s", "-m", timeout.TotalSeconds.ToString(CultureInfo.InvariantCulture), "-w", $"{marker}%{{http_code}} %{{time_total}}", url);
        var at = output.LastIndexOf(marker, StringComparison.Ordinal);
        if (at < 0)
        {
            return (0, 0, output);
        }

        var tail = output[(at + marker.Length)..].Split(' ');
        return (int.Parse(tail[0], CultureInfo.InvariantCulture), double.Parse(tail[1], CultureInfo.InvariantCulture), output[..at]);
    }

    public void Dispose()
    {
        var errors = new List<string>();
        foreach (var ns in Enumerable.Reverse(_namespaces))
        {
            // Deleting a namespace deletes its interfaces, and a veth pair with either end.
            var (code, output) = RunAsync("ip", ["netns", "del", ns], TimeSpan.FromSeconds(20)).GetAwaiter().GetResult();
            if (code != 0)
            {
                errors.Add($"ip netns del {ns}: {output}");
            }
        }

        if (errors.Count > 0)
        {
            throw new InvalidOperationException(string.Join('\n', errors));
        }
    }

    private static string BridgePort(int node) => $"b{node}";

    private async Task AddNamespaceAsync(string ns)
    {
        await IpAsync("netns", "add", ns);
        _namespaces.Add(ns);
        await IpAsync("-n", ns, "link", "set", "lo", "up");
    }

    private static async Task IpAsync(params string[] args)
    {
        var (code, output) = await RunAsync("ip", args, TimeSpan.FromSeconds(20));
        if (code != 0)
        {
            throw new InvalidOperationException($"ip {string.Join(' ', args)} exited with {code}: {output}");
        }
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string tool, IEnumerable<string> args, TimeSpan timeout)
    {
        var (exitCode, output, errors) = await ToolRun.RunAsync(tool, args, timeout);
        return (exitCode, output + errors);
    }

    private static string? FindProblem()
    {
        if (!Environment.IsPrivilegedProcess)
        {
            return "network namespaces need root";
        }

        foreach (var tool in new[] { "ip", "nginx", "ab", "curl" })
        {
            var found = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
                .Split(':', StringSplitOptions.RemoveEmptyEntries)
                .Any(dir => File.Exists(Path.Combine(dir, tool)));
            if (!found)
            {
                return $"{tool} is not installed";
            }
        }

        try
        {
            var (code, output) = RunAsync("ip", ["netns", "list"], TimeSpan.FromSeconds(10)).GetAwaiter().GetResult();
            return code == 0 ? null : $"ip netns does not work here: {output.Trim()}";
        }
        catch (Exception e) when (e is InvalidOperationException or TimeoutException or System.ComponentModel.Win32Exception)
        {
            return $"ip netns does not work here: {e.Message}";
        }
    }
}
