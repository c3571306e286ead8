using System.Collections;
using System.Runtime.InteropServices;
using System.Text;

namespace Proxy.Node.Hosting;

/// <summary>
/// The runtime settings the node is measured with (docs/benchmarks.md). Under 100 concurrent
/// 1 MiB transfers the default GC budgets let gen0 and gen1 grow large before a collection, and
/// peak RSS with them; capped at 8 and 4 MiB, peak RSS stays lower at the same throughput. glibc
/// gives each thread that calls malloc an arena of its own, up to eight per core, each keeping
/// freed memory resident; the runtime's threads (JIT, thread pool, sockets) need no more than two.
/// .NET reads the budgets, and glibc its malloc settings, only from the environment at process start
/// (runtimeconfig.json does not carry them: checked), so a node started without them re-executes
/// itself once with them set. execve keeps the PID, the arguments, the open standard streams and
/// the signal handling of whoever started it.
/// </summary>
internal static class RuntimeTuning
{
    /// <summary>Hexadecimal, as the runtime reads them: 8 MiB and 4 MiB. A pair: an operator who sets either chose for both.</summary>
    public static readonly IReadOnlyList<KeyValuePair<string, string>> Budgets =
    [
        KeyValuePair.Create("DOTNET_GCGen0MaxBudget", "800000"),
        KeyValuePair.Create("DOTNET_GCGen1MaxBudget", "400000"),
    ];

    /// <summary>
    /// glibc's malloc: two arenas, and fixed thresholds of 128 KiB for giving freed memory back (trim) and for
    /// serving a block by mmap, which glibc otherwise raises after each large free, up to 64 MiB kept. Each one
    /// an operator sets is theirs.
    /// </summary>
    public static readonly IReadOnlyList<KeyValuePair<string, string>> Malloc =
    [
        KeyValuePair.Create("MALLOC_ARENA_MAX", "2"),
        KeyValuePair.Create("MALLOC_TRIM_THRESHOLD_", "131072"),
        KeyValuePair.Create("MALLOC_MMAP_THRESHOLD_", "131072"),
    ];

    /// <summary>
    /// Re-executes the process with what is missing of <see cref="Budgets"/> (both, unless the
    /// operator set either: <c>DOTNET_GCGen0MaxBudget=0</c> restores .NET's defaults) and of
    /// <see cref="Malloc"/>, and also when the stop signals came inherited as ignored
    /// (<see cref="InheritedStopSignals"/>), which the new process starts without. The
    /// re-executed process finds everything set and goes on. Returns only when no re-execution
    /// happened.
    /// </summary>
    public static void ApplyOrReexecute(TextWriter error)
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        var missing = Missing(name => Environment.GetEnvironmentVariable(name) is not null);
        var signalsIgnored = InheritedStopSignals.AreIgnored();
        if (missing.Count == 0 && !signalsIgnored)
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
            .Concat(missing.Select(s => $"{s.Key}={s.Value}"));
        if (signalsIgnored)
        {
            InheritedStopSignals.RestoreDefaults();
            // Never a loop: a process that could not restore them would find them ignored again.
            if (InheritedStopSignals.AreIgnored() && missing.Count == 0)
            {
                error.WriteLine("proxy-node: SIGINT and SIGQUIT were inherited as ignored and could not be restored: stop the node with SIGTERM");
                return;
            }
        }

        DiagnosticsSocket.RemoveOwn(error);
        execve("/proc/self/exe", [.. arguments, null], [.. environment, null]);
        // Only reached when execve failed: the node still works, with a larger footprint.
        error.WriteLine($"proxy-node: re-executing failed (errno {Marshal.GetLastPInvokeError()}): running with .NET's default GC budgets and glibc's default arenas, or with SIGINT and SIGQUIT ignored as inherited");
    }

    /// <summary>The settings to add to an environment in which <paramref name="isSet"/> tells which names are set.</summary>
    internal static IReadOnlyList<KeyValuePair<string, string>> Missing(Func<string, bool> isSet) =>
    [
        .. Budgets.Any(s => isSet(s.Key)) ? [] : Budgets,
        .. Malloc.Where(s => !isSet(s.Key)),
    ];

    // LPStr is UTF-8 on Linux; the trailing null element ends each array as execve expects.
    [DllImport("libc", SetLastError = true)]
    private static extern int execve(
        [MarshalAs(UnmanagedType.LPStr)] string path,
        [MarshalAs(UnmanagedType.LPArray, ArraySubType = UnmanagedType.LPStr)] string?[] argv,
        [MarshalAs(UnmanagedType.LPArray, ArraySubType = UnmanagedType.LPStr)] string?[] envp);
}
