using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Proxy.Actors.Files;

/// <summary>
/// Opens a file that the configuration names (a PEM file, a users file, a YAML file), refusing anything that is not
/// a regular file once symbolic links are followed (secrets mounted by Kubernetes or Docker are links to regular files).
/// The open itself cannot wait: opening a FIFO for reading waits for a writer, which would hold the reading actor, and
/// with it the configuration, until one came. So on Linux the file is opened without blocking and its kind is checked
/// on the open descriptor (no window between the check and the open). A regular file on a network mount that no longer
/// answers can still hold the read: that is the mount's to bound (its timeouts), as for any other program.
/// </summary>
public static class RegularFile
{
    // Linux's values on x86-64 and arm64, the platforms the node is built for.
    private const int ReadOnly = 0;
    private const int NonBlocking = 0x800;
    private const int NoControllingTerminal = 0x100;
    private const int CloseOnExec = 0x80000;
    private const int EmptyPath = 0x1000;
    private const uint TypeMask = 0x1;

    private const int KindBits = 0xF000;
    private const int Regular = 0x8000;

    private const int NoSuchEntry = 2;
    private const int NotPermitted = 1;
    private const int AccessDenied = 13;
    private const int NotADirectory = 20;

    /// <summary>
    /// The file opened for reading, unbuffered; throws <see cref="IOException"/> (<c>not a regular file (a FIFO)</c>,
    /// <see cref="FileNotFoundException"/>, ...) or <see cref="UnauthorizedAccessException"/> when it cannot be.
    /// </summary>
    public static FileStream OpenRead(string path)
    {
        if (!OperatingSystem.IsLinux())
        {
            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, bufferSize: 0);
        }

        // A terminal named by the configuration must not become the node's controlling terminal by being opened.
        var descriptor = open(path, ReadOnly | NonBlocking | NoControllingTerminal | CloseOnExec);
        if (descriptor < 0)
        {
            throw Failure(path, Marshal.GetLastPInvokeError());
        }

        var handle = new SafeFileHandle(descriptor, ownsHandle: true);
        try
        {
            if (KindOf(descriptor) is { } kind)
            {
                throw new IOException($"not a regular file ({kind})");
            }

            // O_NONBLOCK stays on the descriptor: it changes nothing for a regular file.
            return new FileStream(handle, FileAccess.Read, bufferSize: 0);
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    /// <summary>What the open file is when it is not a regular file; null for a regular file, or when the kernel cannot tell.</summary>
    private static string? KindOf(int descriptor)
    {
        var status = default(StatxHead);
        try
        {
            if (statx(descriptor, string.Empty, EmptyPath, TypeMask, ref status) != 0)
            {
                // A kernel without statx (before 4.11): the read that follows is still bounded, as the open did not wait.
                return null;
            }
        }
        catch (EntryPointNotFoundException)
        {
            // A libc without statx (musl before 1.2.5): as above.
            return null;
        }

        return (status.Mode & KindBits) switch
        {
            Regular => null,
            0x1000 => "a FIFO",
            0x2000 => "a character device",
            0x4000 => "a directory",
            0x6000 => "a block device",
            0xC000 => "a socket",
            _ => "of an unknown kind",
        };
    }

    private static Exception Failure(string path, int errno) => errno switch
    {
        NoSuchEntry when Directory.Exists(Path.GetDirectoryName(Path.GetFullPath(path))) => new FileNotFoundException($"Could not find file '{path}'.", path),
        NoSuchEntry or NotADirectory => new DirectoryNotFoundException($"Could not find a part of the path '{path}'."),
        AccessDenied or NotPermitted => new UnauthorizedAccessException($"Access to the path '{path}' is denied."),
        _ => new IOException($"{Marshal.GetPInvokeErrorMessage(errno)} : '{path}'"),
    };

    [DllImport("libc", SetLastError = true)]
    private static extern int open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);

    [DllImport("libc", SetLastError = true)]
    private static extern int statx(int directory, [MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags, uint mask, ref StatxHead status);

    /// <summary>struct statx (the same on every architecture), of which only stx_mode is read; sized to the whole struct, which the kernel fills.</summary>
    [StructLayout(LayoutKind.Explicit, Size = 256)]
    private struct StatxHead
    {
        [FieldOffset(28)]
        public ushort Mode;
    }
}
