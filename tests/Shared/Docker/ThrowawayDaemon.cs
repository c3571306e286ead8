using System.Diagnostics;
using System.Globalization;

namespace Proxy.Tests.Docker;

/// <summary>
/// A Docker daemon of this test's own, so that it can be killed and restarted without disturbing
/// the shared daemons of ops/test-env. Everything it started (containerd, shims, containers) is
/// tracked by PID and ended on dispose; its mounts and directories are removed. With TLS it also listens on
/// tcp://127.0.0.1:&lt;port&gt; with <c>--tlsverify</c> (a remote Docker host as the docs set one up), while its unix
/// socket stays for the test's own docker CLI calls. One copy, linked into each Docker-facing test project.
/// </summary>
internal sealed class ThrowawayDaemon : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"pxd-{Guid.NewGuid():N}"[..12]);
    private readonly HashSet<int> _seen = [];
    private readonly DaemonTls? _tls;
    private Process? _daemon;

    public ThrowawayDaemon()
        : this(null)
    {
    }

    /// <param name="tls">The daemon's TLS listener, or null for the unix socket alone.</param>
    public ThrowawayDaemon(DaemonTls? tls)
    {
        _tls = tls;
        Directory.CreateDirectory(Path.Combine(_directory, "data"));
        Directory.CreateDirectory(Path.Combine(_directory, "exec"));
    }

    public string Endpoint => $"unix://{Socket}";

    /// <summary>The TLS endpoint, <c>tcp://127.0.0.1:&lt;port&gt;</c>; only with TLS.</summary>
    public string TcpEndpoint => _tls is null ? throw new InvalidOperationException("this daemon has no TLS listener") : $"tcp://127.0.0.1:{_tls.Port}";

    /// <summary>What dockerd printed, for a failing test's message.</summary>
    public string Log => _log.ToString();

    private readonly System.Text.StringBuilder _log = new();

    private string Socket => Path.Combine(_directory, "docker.sock");

    /// <summary>The directory holding the daemon's socket, data and exec roots; named on every process it spawns.</summary>
    public string Root => _directory;

    /// <summary>Starts dockerd with the test environment's flags and waits until it answers, at most 60 s.</summary>
    public void Start() => Start(TimeSpan.FromSeconds(60));

    /// <summary>
    /// Starts dockerd and waits until it answers, at most <paramref name="timeout"/>. A daemon that does not answer
    /// is killed by its PID with all it spawned, and its mounts and directories removed, before the start fails:
    /// a test fixture whose constructor throws is never disposed.
    /// </summary>
    public void Start(TimeSpan timeout)
    {
        var start = new ProcessStartInfo("/usr/sbin/dockerd")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in new[]
        {
            "--bridge=none", "--iptables=false", "--ip-masq=false",
            "-H", Endpoint,
            "--data-root", Path.Combine(_directory, "data"),
            "--exec-root", Path.Combine(_directory, "exec"),
            "--pidfile", Path.Combine(_directory, "docker.pid"),
            "--containerd-namespace", "moby-throwaway",
            "--containerd-plugins-namespace", "plugins.moby-throwaway",
        })
        {
            start.ArgumentList.Add(argument);
        }

        if (_tls is not null)
        {
            foreach (var argument in new[]
            {
                "-H", TcpEndpoint, "--tlsverify",
                "--tlscacert", _tls.CaFile, "--tlscert", _tls.CertFile, "--tlskey", _tls.KeyFile,
            })
            {
                start.ArgumentList.Add(argument);
            }
        }

        _daemon = Process.Start(start)!;
        _daemon.OutputDataReceived += (_, e) => Append(e.Data);
        _daemon.ErrorDataReceived += (_, e) => Append(e.Data);
        _daemon.BeginOutputReadLine();
        _daemon.BeginErrorReadLine();
        var deadline = DateTime.UtcNow + timeout;
        while (!Answers())
        {
            if (_daemon.HasExited || DateTime.UtcNow > deadline)
            {
                var log = Log;
                Stop(graceful: false);
                throw new InvalidOperationException($"the throwaway dockerd did not answer on {Endpoint} within {timeout.TotalSeconds:0.#} s:\n{log}");
            }

            Thread.Sleep(100);
        }

        Track();
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_log)
            {
                _log.AppendLine(line);
            }
        }
    }

    /// <summary>Imports the test base image into this daemon with the test environment's script.</summary>
    public void ImportImage()
    {
        var script = Path.Combine(RepositoryRoot(), "ops", "test-env", "docker.sh");
        using var process = Process.Start(new ProcessStartInfo(script) { ArgumentList = { "image", Endpoint }, UseShellExecute = false })!;
        if (!process.WaitForExit(TimeSpan.FromSeconds(120)) || process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{script} image {Endpoint} failed");
        }
    }

    /// <summary>
    /// As a crash of the Docker service: SIGKILL to dockerd and its containerd (the shims and the
    /// containers live on). Returns once both are gone: a dockerd started while the old containerd
    /// is still dying adopts it and then times out waiting for it.
    /// </summary>
    public void Kill()
    {
        Track();
        var containerd = _seen.Where(pid => IsAlive(pid) && CommandLine(pid).StartsWith("containerd ", StringComparison.Ordinal)).ToList();
        _daemon!.Kill();
        _daemon.WaitForExit();
        _daemon.Dispose();
        _daemon = null;
        foreach (var pid in containerd)
        {
            Signal(pid, "KILL");
        }

        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (containerd.Any(IsAlive) && DateTime.UtcNow < deadline)
        {
            Thread.Sleep(50);
        }
    }

    /// <summary>Runs the docker CLI against this daemon's unix socket and returns its output; fails with what it printed.</summary>
    public string Docker(params string[] arguments)
    {
        var (output, errors) = DockerCommand.Run(Endpoint, arguments);
        return output + errors;
    }

    public void Dispose() => Stop(graceful: true);

    /// <summary>Ends dockerd (gracefully or by SIGKILL to its PID) and everything it spawned, then removes its mounts and directories.</summary>
    private void Stop(bool graceful)
    {
        Track();
        if (_daemon is { HasExited: false })
        {
            if (graceful)
            {
                // A graceful stop lets dockerd stop its containers and unmount their file systems.
                Signal(_daemon.Id, "TERM");
                _daemon.WaitForExit(TimeSpan.FromSeconds(30));
            }
            else
            {
                _daemon.Kill();
                _daemon.WaitForExit();
            }
        }

        // What it spawned between the last look and its end (containerd, say) still names our directory.
        Track();

        foreach (var pid in _seen)
        {
            if (IsAlive(pid))
            {
                Signal(pid, "KILL");
            }
        }

        foreach (var mount in System.IO.File.ReadAllLines("/proc/mounts").Select(l => l.Split(' ')[1]).Where(m => m.StartsWith(_directory, StringComparison.Ordinal)).Reverse())
        {
            using var umount = Process.Start(new ProcessStartInfo("umount") { ArgumentList = { "-l", mount }, UseShellExecute = false });
            umount?.WaitForExit();
        }

        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A busy leftover under /tmp is not worth failing a test over.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private bool Answers()
    {
        if (!System.IO.File.Exists(Socket))
        {
            return false;
        }

        var info = new ProcessStartInfo("docker") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add("-H");
        info.ArgumentList.Add(Endpoint);
        info.ArgumentList.Add("info");
        info.Environment["DOCKER_API_VERSION"] = "1.41";
        using var process = Process.Start(info)!;
        process.WaitForExit(TimeSpan.FromSeconds(10));
        return process.HasExited && process.ExitCode == 0;
    }

    /// <summary>Remembers every descendant of our dockerd, so that nothing it spawned outlives the test.</summary>
    private void Track()
    {
        if (_daemon is null)
        {
            return;
        }

        var parents = new Dictionary<int, int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(dir), out var pid) && ParentOf(pid) is { } parent)
            {
                parents[pid] = parent;
            }
        }

        // An exited dockerd has no descendants to walk, but its re-parented ones are still found below.
        var found = _daemon.HasExited ? new HashSet<int>() : new HashSet<int> { _daemon.Id };
        bool grew;
        do
        {
            grew = false;
            foreach (var (pid, parent) in parents)
            {
                if (found.Contains(parent) && found.Add(pid))
                {
                    grew = true;
                }
            }
        }
        while (grew);

        // containerd's shims re-parent themselves to init; they are found through their socket
        // directory, which names our exec root.
        foreach (var (pid, _) in parents)
        {
            if (CommandLine(pid).Contains(_directory, StringComparison.Ordinal))
            {
                found.Add(pid);
            }
        }

        _seen.UnionWith(found);
    }

    private static int? ParentOf(int pid)
    {
        try
        {
            var stat = System.IO.File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return int.Parse(fields[1], CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return null;
        }
    }

    private static string CommandLine(int pid)
    {
        try
        {
            return System.IO.File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ');
        }
        catch (IOException)
        {
            return string.Empty;
        }
    }

    private static bool IsAlive(int pid) => Directory.Exists($"/proc/{pid}");

    private static void Signal(int pid, string signal)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill") { ArgumentList = { $"-{signal}", pid.ToString(CultureInfo.InvariantCulture) }, UseShellExecute = false });
        kill?.WaitForExit();
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (System.IO.File.Exists(Path.Combine(dir.FullName, "ops", "test-env", "docker.sh")))
            {
                return dir.FullName;
            }
        }

        throw new FileNotFoundException("ops/test-env/docker.sh not found above the test assembly");
    }
}
