using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Proxy.Actors.Certificates;
using Proxy.Actors.Files;

namespace Proxy.Node.Acme;

/// <summary>
/// The resolvers' storage files on this node, in Traefik's acme.json format (<see cref="AcmeJsonFormat"/>),
/// so a Traefik user's file is read as it is. A file others may read (Traefik refuses anything but
/// 0600) is made owner-only when read, with a warning, rather than refused: refusing would leave it
/// readable and start the node without its certificates. A write replaces the file atomically (a
/// temporary file beside it, mode 0600, renamed over it, file and directory flushed to disk); through
/// a symbolic link (a mounted secret) the link's final target is replaced and the link kept. A write
/// keeps the sections of resolvers this node does not configure, and leaves the file untouched when
/// its bytes would not change. A file that is not
/// acme.json at start is moved aside to <c>&lt;file&gt;.bad-&lt;UTC time&gt;</c> and the node starts
/// without it; a file that cannot be read at all, or turns invalid later, is never written over.
/// </summary>
public sealed class AcmeJsonStorage(TimeProvider time) : IAcmeStorage
{
    /// <summary>The largest storage file read: thousands of certificates fit in far less.</summary>
    public const long MaxFileBytes = 32 * 1024 * 1024;

    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    private const UnixFileMode Others = UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute
        | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    private static readonly JsonDocumentOptions Parsing = new() { MaxDepth = 32 };

    public AcmeStorageRead Read(string path, IReadOnlyList<AcmeResolverStorage> resolvers)
    {
        byte[] bytes;
        try
        {
            if (!File.Exists(path))
            {
                return AcmeStorageRead.Missing;
            }

            bytes = ReadLimited(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new AcmeStorageRead(AcmeStorageContent.Empty, $"cannot be read ({e.Message}); this node starts without it and will not write over it", false);
        }

        var warning = MakeOwnerOnly(path);
        if (bytes.Length == 0)
        {
            // Traefik's own start: it creates the file empty.
            return AcmeStorageRead.Missing with { Warning = warning };
        }

        try
        {
            return new AcmeStorageRead(AcmeJsonFormat.Read(Parse(bytes), resolvers), null, true) { Warning = warning };
        }
        catch (Exception e) when (e is FormatException or JsonException or InvalidOperationException)
        {
            var aside = $"{path}.bad-{time.GetUtcNow().ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture)}";
            try
            {
                File.Move(path, aside);
            }
            catch (Exception move) when (move is IOException or UnauthorizedAccessException)
            {
                return new AcmeStorageRead(
                    AcmeStorageContent.Empty,
                    $"is not a valid acme.json ({e.Message}) and could not be moved aside ({move.Message}); this node will not write over it",
                    false) { Warning = warning };
            }

            return new AcmeStorageRead(
                AcmeStorageContent.Empty,
                $"is not a valid acme.json ({e.Message}): moved to {aside}; this node starts with what the cluster has and writes a new file",
                true) { Warning = warning };
        }
    }

    public AcmeStorageWrite Write(string path, IReadOnlyList<AcmeResolverStorage> resolvers, AcmeStorageContent content)
    {
        try
        {
            byte[]? existing = File.Exists(path) ? ReadLimited(path) : null;
            JsonObject root;
            try
            {
                root = existing is null || existing.Length == 0 ? [] : Parse(existing);
            }
            catch (Exception e) when (e is FormatException or JsonException or InvalidOperationException)
            {
                return new AcmeStorageWrite(false, $"changed since it was read and is no longer valid acme.json ({e.Message}); not written over");
            }

            AcmeJsonFormat.Write(root, resolvers, content);
            var bytes = JsonSerializer.SerializeToUtf8Bytes(root, AcmeJsonFormat.Indented);
            if (existing is not null && existing.AsSpan().SequenceEqual(bytes))
            {
                return new AcmeStorageWrite(false, null);
            }

            // A mounted secret is a link into the mount's own directory: replacing the link would
            // detach the file from the mount, so the link's final target is what gets replaced.
            var full = Path.GetFullPath(path);
            var target = new FileInfo(full).LinkTarget is null ? full : File.ResolveLinkTarget(full, returnFinalTarget: true)!.FullName;
            var directory = Path.GetDirectoryName(target)!;
            Directory.CreateDirectory(directory);
            var temporary = Path.Combine(directory, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
            try
            {
                var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
                if (!OperatingSystem.IsWindows())
                {
                    // The file holds private keys: owner only, as Traefik requires of acme.json.
                    options.UnixCreateMode = OwnerOnly;
                }

                using (var stream = new FileStream(temporary, options))
                {
                    stream.Write(bytes);
                    stream.Flush(flushToDisk: true);
                }

                File.Move(temporary, target, overwrite: true);

                // The rename is durable only once the directory's entry is on disk too.
                DirectorySync.Flush(directory);
            }
            finally
            {
                File.Delete(temporary);
            }

            return new AcmeStorageWrite(true, null);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new AcmeStorageWrite(false, $"cannot be written ({e.Message})");
        }
    }

    /// <summary>Takes group and world access off the file; the warning names the mode it had, or why it could not.</summary>
    private static string? MakeOwnerOnly(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            return null;
        }

        try
        {
            var mode = File.GetUnixFileMode(path);
            if ((mode & Others) == 0)
            {
                return null;
            }

            var was = Octal(mode);
            try
            {
                File.SetUnixFileMode(path, mode & ~Others);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return $"holds private keys and is readable by others (mode {was}; Traefik refuses anything but 0600), and could not be made owner-only ({e.Message})";
            }

            return $"holds private keys and was readable by others (mode {was}; Traefik refuses anything but 0600): made {Octal(mode & ~Others)}";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return $"its mode cannot be read ({e.Message}); check that only its owner can read it";
        }
    }

    private static string Octal(UnixFileMode mode) => "0" + Convert.ToString((int)mode, 8);

    private static byte[] ReadLimited(string path)
    {
        using var stream = RegularFile.OpenRead(path);
        if (stream.Length > MaxFileBytes)
        {
            throw new IOException($"the file is {stream.Length} bytes, over the {MaxFileBytes}-byte limit of a storage file");
        }

        var bytes = new byte[stream.Length];
        stream.ReadExactly(bytes);
        return bytes;
    }

    private static JsonObject Parse(byte[] bytes) =>
        JsonNode.Parse(bytes, documentOptions: Parsing) as JsonObject ?? throw new FormatException("the top level is not an object of resolvers");
}
