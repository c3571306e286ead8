using System.Runtime;
using System.Runtime.InteropServices;

namespace Proxy.Discovery.File;

/// <summary>
/// Gives the memory of a configuration that is gone back to the operating system. Reading a large
/// file allocates several times its size (its text, YamlDotNet's node tree, the configuration and
/// its copies in the cluster's replicated data); once a much smaller file replaced it, nothing
/// refers to that memory any more, yet the GC keeps it committed: with the node's small gen0/gen1
/// budgets, full collections are rare and the large object heap is never compacted, and glibc
/// keeps the native memory freed meanwhile (docs/file-provider.md has the figures).
/// </summary>
public static class HeapCompaction
{
    /// <summary>
    /// A blocking, compacting collection of every generation including the large object heap, in
    /// the mode that decommits what it frees. It pauses the process (tens of milliseconds for a
    /// heap of this node's size), so it runs only after a configuration shrank by much.
    /// </summary>
    /// <returns>The process's working set before and after, in bytes.</returns>
    public static (long Before, long After) Run()
    {
        var before = Environment.WorkingSet;
        GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        if (OperatingSystem.IsLinux())
        {
            try
            {
                malloc_trim(0);
            }
            catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
            {
                // musl (Alpine) has no malloc_trim: the collection alone has to do. Escaping here
                // would restart the file provider's actor, which then re-reads and reports the file.
            }
        }

        return (before, Environment.WorkingSet);
    }

    [DllImport("libc")]
    private static extern int malloc_trim(nuint pad);
}
