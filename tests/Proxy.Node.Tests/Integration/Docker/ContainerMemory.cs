using System.Globalization;

namespace Proxy.Node.Tests.Integration.Docker;

/// <summary>
/// A running container's memory as its cgroup counts it (page cache included, as Docker's limit counts
/// it), read from the host: the peak since the container started and the usage now. cgroup v1 keeps the
/// peak in memory.max_usage_in_bytes, v2 in memory.peak (kernel 5.19 and later). The cgroup is found
/// through the container's init process, so neither the cgroup driver nor its path layout matters.
/// </summary>
public sealed record ContainerMemory(long PeakBytes, long CurrentBytes, string Source)
{
    public static async Task<ContainerMemory> ReadAsync(string container)
    {
        var pid = (await DockerCli.DockerAsync("inspect", "--format", "{{.State.Pid}}", container)).Trim();
        var lines = await File.ReadAllLinesAsync($"/proc/{pid}/cgroup");
        // v1: "9:memory:/docker/<id>"; v2: the one line "0::/<path>".
        if (lines.Select(l => l.Split(':', 3)).FirstOrDefault(p => p.Length == 3 && p[1].Split(',').Contains("memory")) is { } v1)
        {
            var directory = $"/sys/fs/cgroup/memory{v1[2]}";
            return new(Bytes(directory, "memory.max_usage_in_bytes"), Bytes(directory, "memory.usage_in_bytes"), $"{directory}/memory.max_usage_in_bytes (cgroup v1)");
        }

        if (lines.Select(l => l.Split(':', 3)).FirstOrDefault(p => p.Length == 3 && p[0] == "0" && p[1].Length == 0) is { } v2)
        {
            var directory = $"/sys/fs/cgroup{v2[2]}";
            return new(Bytes(directory, "memory.peak"), Bytes(directory, "memory.current"), $"{directory}/memory.peak (cgroup v2)");
        }

        throw new InvalidOperationException($"container {container} (pid {pid}) has no memory cgroup in /proc/{pid}/cgroup:\n{string.Join('\n', lines)}");
    }

    public static string MiB(long bytes) => (bytes / 1048576.0).ToString("F1", CultureInfo.InvariantCulture) + " MiB";

    public override string ToString() => $"peak {MiB(PeakBytes)}, now {MiB(CurrentBytes)}";

    private static long Bytes(string directory, string file)
    {
        var path = Path.Combine(directory, file);
        if (!File.Exists(path))
        {
            throw new InvalidOperationException($"{path} does not exist: this kernel does not report a cgroup's peak memory there");
        }

        return long.Parse(File.ReadAllText(path).Trim(), CultureInfo.InvariantCulture);
    }
}
