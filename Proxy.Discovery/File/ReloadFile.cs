namespace Proxy.Discovery.File;

/// <summary>
/// Tells the file provider to read its file now: after the debounce of a watched change, and on
/// SIGHUP, for a file that is not watched (or a watch that missed a change, as on some network
/// file systems). An unchanged file is not reported again.
/// </summary>
public sealed record ReloadFile
{
    public static ReloadFile Instance { get; } = new();
}
