using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using Proxy.Tests.Ports;

namespace Proxy.Node.Tests.Integration.Formation;

/// <summary>
/// Debian's dnsmasq on 127.0.0.1 and a port of its own, answering for <see cref="Domain"/> from a hosts file
/// the test rewrites (and signals with SIGHUP, which makes dnsmasq read it again and drop its cache): the
/// real DNS server the nodes look their seed up at. It asks no upstream server and reads neither
/// /etc/hosts nor /etc/dnsmasq.conf, so a name under the domain that the file lacks is NXDOMAIN.
/// </summary>
public sealed class DnsmasqServer : IDisposable
{
    /// <summary>The domain dnsmasq answers for alone (<c>--local</c>): names under it that the file lacks do not exist.</summary>
    public const string Domain = "cluster.test";

    private const string Binary = "/usr/sbin/dnsmasq";

    private readonly Process _process;
    private readonly string _directory;
    private readonly StringBuilder _output = new();
    private readonly Dictionary<string, IReadOnlyList<IPAddress>> _records = new(StringComparer.Ordinal);

    private DnsmasqServer(Process process, string directory, IPEndPoint endpoint)
    {
        _process = process;
        _directory = directory;
        EndPoint = endpoint;
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.BeginErrorReadLine();
        _process.BeginOutputReadLine();
    }

    public IPEndPoint EndPoint { get; }

    /// <summary>What dnsmasq printed (its start and every re-read of the hosts file), for a failing test's message.</summary>
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

    private string HostsFile => Path.Combine(_directory, "hosts");

    /// <summary>Why dnsmasq cannot run here, or null when it can.</summary>
    public static string? Missing() =>
        File.Exists(Binary) ? null : $"{Binary} is not installed (Debian package dnsmasq-base; ops/test-env/install.sh installs it)";

    /// <summary>Starts dnsmasq on 127.0.0.1 and a test port of its own.</summary>
    public static Task<DnsmasqServer> StartAsync() => StartAsync(null, IPAddress.Loopback, TestPorts.NextTcpAndUdp(IPAddress.Loopback));

    /// <summary>
    /// Starts dnsmasq inside network namespace <paramref name="netns"/> (a test's own; <c>ip netns exec</c> execs
    /// dnsmasq, so the PID signalled is dnsmasq's), listening on <paramref name="listen"/> there.
    /// </summary>
    public static Task<DnsmasqServer> StartInNamespaceAsync(string netns, IPAddress listen, int port) => StartAsync(netns, listen, port);

    private static async Task<DnsmasqServer> StartAsync(string? netns, IPAddress listen, int port)
    {
        if (Missing() is { } missing)
        {
            throw new InvalidOperationException(missing);
        }

        var directory = Directory.CreateTempSubdirectory("proxy-dnsmasq-").FullName;
        await File.WriteAllTextAsync(Path.Combine(directory, "hosts"), "");
        var info = new ProcessStartInfo(netns is null ? Binary : "ip")
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        if (netns is not null)
        {
            foreach (var argument in new[] { "netns", "exec", netns, Binary })
            {
                info.ArgumentList.Add(argument);
            }
        }

        foreach (var argument in new[]
        {
            "--keep-in-foreground", "--log-facility=-", "--conf-file=/dev/null", "--no-resolv", "--no-hosts", "--no-poll",
            // Only the one address, never every interface.
            "--pid-file=", "--bind-interfaces", $"--listen-address={listen}",
            $"--port={port.ToString(CultureInfo.InvariantCulture)}", $"--local=/{Domain}/", $"--addn-hosts={Path.Combine(directory, "hosts")}",
            // The records' TTL: 0, so no resolver between (none here) would keep an old answer.
            "--local-ttl=0", "--user=root", "--group=root",
        })
        {
            info.ArgumentList.Add(argument);
        }

        var server = new DnsmasqServer(Process.Start(info) ?? throw new InvalidOperationException("could not start dnsmasq"), directory, new IPEndPoint(listen, port));
        try
        {
            await Eventually.TrueAsync(() => server._process.HasExited || server.Output.Contains("started, version", StringComparison.Ordinal), "dnsmasq to start");
            if (server._process.HasExited)
            {
                throw new InvalidOperationException($"dnsmasq exited {server._process.ExitCode}: {server.Output}");
            }

            return server;
        }
        catch
        {
            server.Dispose();
            throw;
        }
    }

    /// <summary>Sets the A records of <paramref name="name"/> (under <see cref="Domain"/>), or removes them when none are given; dnsmasq answers the new set once this returns.</summary>
    public async Task SetAsync(string name, params IPAddress[] addresses)
    {
        _records[name] = addresses;
        var lines = _records.SelectMany(r => r.Value.Select(a => $"{a} {r.Key}\n"));
        var temporary = HostsFile + ".tmp";
        await File.WriteAllTextAsync(temporary, string.Concat(lines));
        File.Move(temporary, HostsFile, overwrite: true);
        var reads = Count("read " + HostsFile);
        using (var kill = Process.Start(new ProcessStartInfo("kill") { ArgumentList = { "-HUP", _process.Id.ToString(CultureInfo.InvariantCulture) } })!)
        {
            await kill.WaitForExitAsync();
        }

        await Eventually.TrueAsync(() => Count("read " + HostsFile) > reads, $"dnsmasq to re-read {HostsFile}");
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
        Directory.Delete(_directory, recursive: true);
    }

    private int Count(string text)
    {
        var output = Output;
        var count = 0;
        for (var at = output.IndexOf(text, StringComparison.Ordinal); at >= 0; at = output.IndexOf(text, at + text.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_output)
            {
                _output.AppendLine(line);
            }
        }
    }
}
