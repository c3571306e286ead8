using System.Globalization;

namespace Proxy.Node.Tests.Integration.Docker;

/// <summary>
/// When the daemon says something happened to a container, read back from Docker itself: the
/// latency tests measure from these moments, not from when the CLI call returned.
/// </summary>
public static class DockerEventTimes
{
    /// <summary>The container's State.StartedAt on the daemon at <paramref name="endpoint"/>.</summary>
    public static async Task<DateTimeOffset> StartedAtAsync(string endpoint, string name) =>
        Parse((await DockerCli.DockerOnAsync(endpoint, "inspect", "-f", "{{.State.StartedAt}}", name)).Trim());

    /// <summary>The first <c>kill</c> event for the container since <paramref name="since"/> (the stop signal's moment).</summary>
    public static async Task<DateTimeOffset> KillEventAsync(string endpoint, string name, DateTimeOffset since)
    {
        var text = await DockerCli.DockerOnAsync(endpoint, "events",
            "--since", since.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture),
            "--until", (DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 1).ToString(CultureInfo.InvariantCulture),
            "--filter", $"container={name}", "--filter", "event=kill", "--format", "{{.TimeNano}}");
        var nanos = long.Parse(text.Split('\n', StringSplitOptions.RemoveEmptyEntries)[0], CultureInfo.InvariantCulture);
        return DateTimeOffset.FromUnixTimeMilliseconds(nanos / 1_000_000).AddTicks(nanos % 1_000_000 / 100);
    }

    /// <summary>RFC 3339 with nanoseconds; .NET parses at most seven fraction digits.</summary>
    private static DateTimeOffset Parse(string text)
    {
        var dot = text.IndexOf('.', StringComparison.Ordinal);
        if (dot > 0 && text.Length > dot + 8)
        {
            text = text[..(dot + 8)] + "Z";
        }

        return DateTimeOffset.Parse(text, CultureInfo.InvariantCulture);
    }
}
