using System.Collections.Immutable;
using Proxy.Actors.Files;

namespace Proxy.Actors.Model.Auth;

/// <summary>
/// The users of a basicAuth middleware: the lines of its usersFile, then its users, a later line of a user
/// replacing an earlier one (as Traefik, so an inline user overrides the file). A file line that is empty or
/// starts with '#' is skipped.
/// </summary>
public static class HtpasswdUsers
{
    /// <summary>A file of many thousands of users; bounds what a wrong path (a log, a disk image) costs in memory.</summary>
    public const long MaxFileBytes = 1024 * 1024;

    /// <summary>The problems of <paramref name="lines"/>, each as "[i]: ..." (for the users list).</summary>
    public static IEnumerable<(int Index, string Problem)> ProblemsOf(IEnumerable<string> lines) =>
        lines.Select((line, i) => (i, HtpasswdLine.Parse(line).Problem)).Where(p => p.Problem is not null).Select(p => (p.i, p.Problem!));

    /// <summary>Reads and checks <paramref name="path"/>; returns the entries, or the problems, each naming the file and line.</summary>
    public static (ImmutableArray<HtpasswdEntry> Entries, ImmutableArray<string> Problems) ReadFile(string path) =>
        ReadFile(path, HtpasswdLine.Parse);

    /// <summary>As <see cref="ReadFile(string)"/>, with the line format of <paramref name="parse"/> (digestAuth's <c>user:realm:HA1</c>).</summary>
    public static (ImmutableArray<TEntry> Entries, ImmutableArray<string> Problems) ReadFile<TEntry>(string path, Func<string, (TEntry? Entry, string? Problem)> parse)
        where TEntry : class
    {
        string text;
        try
        {
            if (Directory.Exists(path))
            {
                return ([], [$"usersFile '{path}' is a directory"]);
            }

            if (!File.Exists(path))
            {
                return ([], [$"usersFile '{path}' does not exist on this node"]);
            }

            // Read with a bound, not by the size the file system reports: the file may grow meanwhile.
            using var stream = RegularFile.OpenRead(path);
            var buffer = new byte[MaxFileBytes + 1];
            var total = 0;
            int read;
            while (total < buffer.Length && (read = stream.Read(buffer, total, buffer.Length - total)) > 0)
            {
                total += read;
            }

            if (total > MaxFileBytes)
            {
                return ([], [$"usersFile '{path}' is larger than the {MaxFileBytes} bytes a users file may have"]);
            }

            text = System.Text.Encoding.UTF8.GetString(buffer, 0, total);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return ([], [$"usersFile '{path}' cannot be read: {e.Message}"]);
        }

        var entries = ImmutableArray.CreateBuilder<TEntry>();
        var problems = ImmutableArray.CreateBuilder<string>();
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].TrimEnd('\r').Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var (entry, problem) = parse(line);
            if (entry is not null)
            {
                entries.Add(entry);
            }
            else
            {
                problems.Add($"usersFile '{path}' line {i + 1}: {problem}");
            }
        }

        return (entries.ToImmutable(), problems.ToImmutable());
    }

    /// <summary>The users by name, file first, inline after: the last line of a name wins.</summary>
    public static ImmutableDictionary<string, HtpasswdEntry> Merge(IEnumerable<HtpasswdEntry> fromFile, IEnumerable<HtpasswdEntry> inline)
    {
        var users = ImmutableDictionary.CreateBuilder<string, HtpasswdEntry>(StringComparer.Ordinal);
        foreach (var entry in fromFile.Concat(inline))
        {
            users[entry.User] = entry;
        }

        return users.ToImmutable();
    }
}
