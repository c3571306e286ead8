using System.Globalization;

namespace Proxy.Tests.Docker;

/// <summary>
/// What to ask the docker CLI for the daemon's clock (a container's start, an event on it) and how
/// to read its answer, so the latency tests measure from the daemon's moments rather than from when
/// a CLI call returned. One copy, compiled into each test project that talks to Docker (a linked
/// source file); each project runs the CLI its own way.
/// </summary>
internal static class DockerTime
{
    /// <summary>docker arguments printing when the container's process started (RFC 3339, nanoseconds).</summary>
    public static string[] StartedAtArguments(string name) => ["inspect", "-f", "{{.State.StartedAt}}", name];

    /// <summary>
    /// docker arguments printing the time (Unix nanoseconds) of each <paramref name="action"/> event
    /// for the container since <paramref name="since"/>; bounded by --until so the CLI returns.
    /// </summary>
    public static string[] EventArguments(string name, string action, DateTimeOffset since) =>
    [
        "events",
        "--since", since.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture),
        "--until", (DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 1).ToString(CultureInfo.InvariantCulture),
        "--filter", $"container={name}", "--filter", $"event={action}", "--format", "{{.TimeNano}}",
    ];

    /// <summary>The first event's time in the output of <see cref="EventArguments"/>.</summary>
    public static DateTimeOffset FirstEvent(string output)
    {
        var nanos = long.Parse(output.Split('\n', StringSplitOptions.RemoveEmptyEntries)[0], CultureInfo.InvariantCulture);
        return DateTimeOffset.FromUnixTimeMilliseconds(nanos / 1_000_000).AddTicks(nanos % 1_000_000 / 100);
    }

    /// <summary>RFC 3339 with nanoseconds, as <see cref="StartedAtArguments"/> prints it; .NET parses at most seven fraction digits.</summary>
    public static DateTimeOffset Parse(string text)
    {
        text = text.Trim();
        var dot = text.IndexOf('.', StringComparison.Ordinal);
        if (dot > 0 && text.Length > dot + 8)
        {
            text = text[..(dot + 8)] + "Z";
        }

        return DateTimeOffset.Parse(text, CultureInfo.InvariantCulture);
    }
}
