using System.Diagnostics;
using System.Text;

namespace Proxy.Node.Tests.Integration;

/// <summary>
/// The built proxy-node binary run as a child process, for what only a real process shows:
/// signals and the exit code. Only this process is ever signalled, by its own PID.
/// </summary>
public sealed class NodeProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private NodeProcess(Process process)
    {
        _process = process;
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public int Pid => _process.Id;

    public bool HasExited => _process.HasExited;

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public static NodeProcess Start(IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment = null) =>
        Start([], args, environment);

    /// <summary>
    /// Starts the node inside the network namespace <paramref name="netns"/> (<c>ip netns exec</c>,
    /// which execs the node: the PID, signals and exit code are the node's own).
    /// </summary>
    public static NodeProcess StartInNamespace(string netns, IEnumerable<string> args) =>
        Start(["ip", "netns", "exec", netns], args, null);

    /// <summary>
    /// Starts the node with <paramref name="signals"/> ignored as it inherits them, as a shell without job
    /// control starts a background command (<c>proxy-node &amp;</c> in a script): <c>sh</c> sets them
    /// ignored and execs the node, so the PID, signals and exit code are the node's own.
    /// </summary>
    public static NodeProcess StartWithSignalsIgnored(IEnumerable<string> signals, IEnumerable<string> args) =>
        Start(["sh", "-c", $"trap '' {string.Join(' ', signals)}; exec \"$@\"", "sh"], args, null);

    private static NodeProcess Start(IReadOnlyList<string> launcher, IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment)
    {
        var binary = FindBinary();
        IEnumerable<string> command = binary.EndsWith(".dll", StringComparison.Ordinal) ? ["dotnet", binary] : [binary];
        command = launcher.Concat(command);
        var info = new ProcessStartInfo(command.First());
        foreach (var arg in command.Skip(1).Concat(args))
        {
            info.ArgumentList.Add(arg);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[name] = value;
        }

        info.RedirectStandardOutput = true;
        info.RedirectStandardError = true;
        info.UseShellExecute = false;
        info.WorkingDirectory = Path.GetDirectoryName(binary)!;
        return new NodeProcess(Process.Start(info) ?? throw new InvalidOperationException($"could not start {binary}"));
    }

    public void SendSigterm() => SendSignal("TERM");

    /// <summary>Sends a signal by name (TERM, KILL, ...) to this process alone.</summary>
    public void SendSignal(string signal)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill") { ArgumentList = { $"-{signal}", Pid.ToString(System.Globalization.CultureInfo.InvariantCulture) } })!;
        kill.WaitForExit();
        Assert.Equal(0, kill.ExitCode);
    }

    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cancel.Token);
        return _process.ExitCode;
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            // Only the process this test started, by its handle.
            _process.Kill();
            _process.WaitForExit(5000);
        }

        _process.Dispose();
    }

    /// <summary>
    /// The node's build output: Proxy.Node/bin/&lt;Configuration&gt;/net10.0 where the test assembly
    /// was built with the same configuration; the apphost if present, else the dll.
    /// </summary>
    private static string FindBinary()
    {
        var testDirectory = new DirectoryInfo(AppContext.BaseDirectory);
        var configuration = testDirectory.Parent?.Name ?? "Debug";
        var framework = testDirectory.Name;
        for (var dir = testDirectory; dir is not null; dir = dir.Parent)
        {
            var output = Path.Combine(dir.FullName, "Proxy.Node", "bin", configuration, framework);
            if (Directory.Exists(output))
            {
                var apphost = Path.Combine(output, "proxy-node");
                if (File.Exists(apphost))
                {
                    return apphost;
                }

                var dll = Path.Combine(output, "proxy-node.dll");
                if (File.Exists(dll))
                {
                    return dll;
                }
            }
        }

        throw new FileNotFoundException($"proxy-node build output not found above {testDirectory.FullName}");
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }
}
