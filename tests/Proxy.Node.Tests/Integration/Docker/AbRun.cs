using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Proxy.Node.Tests.Integration.Docker;

/// <summary>
/// ApacheBench (ab) as a child process: bounded by its request count and a time limit. Its progress lines
/// ("Completed 1000 requests") let a test act at a point of the run rather than after a guessed delay.
/// </summary>
public sealed partial class AbRun : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private int _completed;

    private AbRun(Process process)
    {
        _process = process;
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    /// <summary>The requests ab reported done so far, in steps of a tenth of the run.</summary>
    public int Completed => Volatile.Read(ref _completed);

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

    public static AbRun Start(int requests, int concurrency, string host, string url)
    {
        var info = new ProcessStartInfo("ab")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            ArgumentList = { "-n", requests.ToString(CultureInfo.InvariantCulture), "-c", concurrency.ToString(CultureInfo.InvariantCulture), "-H", $"Host: {host}", url },
        };
        return new AbRun(Process.Start(info) ?? throw new InvalidOperationException("could not start ab"));
    }

    public Task WaitForCompletedAsync(int requests, TimeSpan timeout) =>
        Eventually.TrueAsync(() => Completed >= requests || _process.HasExited, $"ab to complete {requests} requests", timeout);

    public async Task<AbSummary> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"ab did not finish within {timeout}:\n{Output}");
        }

        // WaitForExit without a timeout also waits for the redirected streams to be drained.
        _process.WaitForExit();
        return AbSummary.Parse(Output, _process.ExitCode);
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            // Only the ab this run started, by its handle.
            _process.Kill();
            _process.WaitForExit(5000);
        }

        _process.Dispose();
    }

    [GeneratedRegex(@"^Completed (\d+) requests", RegexOptions.CultureInvariant)]
    private static partial Regex Progress();

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        if (Progress().Match(line) is { Success: true } match)
        {
            Volatile.Write(ref _completed, int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture));
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }
}
