using System.Globalization;
using System.Runtime.InteropServices;

namespace Proxy.Node.Hosting;

/// <summary>
/// SIGINT and SIGQUIT stop the node as SIGTERM does. A process started in the background by a shell
/// without job control (a script's <c>proxy-node &amp;</c>, a CI step) inherits both as ignored, and
/// .NET respects an ignored signal it finds at start: no handler, so the documented stop signals did
/// nothing (Go's signal.Notify, which Traefik uses, takes them back). The disposition can only be
/// given back before the runtime starts, so the node restores the default and re-executes itself
/// (<see cref="RuntimeTuning"/>); the new process starts with the defaults and handles both.
/// </summary>
internal static class InheritedStopSignals
{
    private const int SigInt = 2;
    private const int SigQuit = 3;

    /// <summary>True when SIGINT or SIGQUIT is ignored in this process (Linux: /proc/self/status).</summary>
    public static bool AreIgnored()
    {
        try
        {
            var line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("SigIgn:", StringComparison.Ordinal));
            if (line is null || !ulong.TryParse(line["SigIgn:".Length..].Trim(), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var mask))
            {
                return false;
            }

            // Bit n-1 stands for signal n.
            return (mask & ((1UL << (SigInt - 1)) | (1UL << (SigQuit - 1)))) != 0;
        }
        catch (IOException)
        {
            return false;
        }
    }

    /// <summary>Gives both signals their default disposition, which execve passes on (an ignored one it keeps).</summary>
    public static void RestoreDefaults()
    {
        signal(SigInt, IntPtr.Zero);
        signal(SigQuit, IntPtr.Zero);
    }

    // IntPtr.Zero is SIG_DFL.
    [DllImport("libc")]
    private static extern IntPtr signal(int signum, IntPtr handler);
}
