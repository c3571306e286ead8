using System.Collections;
using System.Runtime.InteropServices;
using System.Text;

namespace Proxy.Node.Hosting;

/// <summary>
/// The garbage collector budgets the node is measured with (docs/benchmarks.md). Under 100
/// concurrent 1 MiB transfers the default budgets let gen0 and gen1 grow large before a
/// collection, and peak RSS with them; capped at 8 and 4 MiB, peak RSS stays lower at the same
/// throughput (figures in docs/benchmarks.md). .NET reads these two knobs only from the environment at
/// process start (runtimeconfig.json does not carry them: checked), so a node started without
/// them re-executes itself once with them set. execve keeps the PID, the arguments, the open
/// standard streams and the signal handling of whoever started it.
/// </summary>
internal static class RuntimeTuning
{
    /// <summary>Hexadecimal, as the runtime reads them: 8 MiB and 4 MiB.</summary>
    public static readonly IReadOnlyList<KeyValuePair<string, string>> Settings =
    [
        KeyValuePair.Create("DOTNET_GCGen0MaxBudget", "800000"),
        KeyValuePair.Create("DOTNET_GCGen1MaxBudget", "400000"),
    ];

    /// <summary>
    /// Re-executes the process with <see cref="Settings"/> unless any of them is already in the
    /// environment (the operator chose: <c>DOTNET_GCGen0MaxBudget=0</c> restores .NET's default; or
    /// this is the re-executed process), and also when the stop signals came inherited as ignored
    /// (<see cref="InheritedStopSignals"/>), which the new process starts without. Returns only when
    /// no re-execution happened.
    /// </summary>
    public static void ApplyOrReexecute(TextWriter error)
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        var missing = Settings.Where(s => Environment.GetEnvironmentVariable(s.Key) is null).ToList();
        var signalsIgnored = InheritedStopSignals.AreIgnored();
        if (missing.Count < Settings.Count && !signalsIgnored)
        {
            return;
        }

        string[] arguments;
        try
        {
            // The exact argv this process got, whether started as the apphost or as `dotnet proxy-node.dll`.
            arguments = File.ReadAllText("/proc/self/cmdline", Encoding.UTF8).TrimEnd('\0').Split('\0');
        }
        catch (IOException e)
        {
            error.WriteLine($"proxy-node: running with .NET's default GC budgets: cannot read /proc/self/cmdline: {e.Message}");
            return;
        }

        var environment = Environment.GetEnvironmentVariables()
            .Cast<DictionaryEntry>()
            .Select(e => $"{e.Key}={e.Value}")
            .Concat(missing.Count == Settings.Count ? missing.Select(s => $"{s.Key}={s.Value}") : []);
        if (signalsIgnored)
        {
            InheritedStopSignals.RestoreDefaults();
            // Never a loop: a process that could not restore them would find them ignored again.
            if (InheritedStopSignals.AreIgnored() && missing.Count < Settings.Count)
            {
                error.WriteLine("proxy-node: SIGINT and SIGQUIT were inherited as ignored and could not be restored: stop the node with SIGTERM");
                return;
            }
        }

        DiagnosticsSocket.RemoveOwn(error);
        execve("/proc/self/exe", [.. arguments, null], [.. environment, null]);
        // Only reached when execve failed: the node still works, with a larger footprint.
        error.WriteLine($"proxy-node: re-executing failed (errno {Marshal.GetLastPInvokeError()}): running with .NET's default GC budgets, or with SIGINT and SIGQUIT ignored as inherited");
    }

    // LPStr is UTF-8 on Linux; the trailing null element ends each array as execve expects.
    [DllImport("libc", SetLastError = true)]
    private static extern int execve(
        [MarshalAs(UnmanagedType.LPStr)] string path,
        [MarshalAs(UnmanagedType.LPArray, ArraySubType = UnmanagedType.LPStr)] string?[] argv,
        [MarshalAs(UnmanagedType.LPArray, ArraySubType = UnmanagedType.LPStr)] string?[] envp);
}
