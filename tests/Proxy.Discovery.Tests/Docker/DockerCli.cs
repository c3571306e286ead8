using Proxy.Tests.Docker;

namespace Proxy.Discovery.Tests.Docker;

/// <summary>
/// Runs test containers through the docker CLI and removes every one it created on dispose.
/// Containers use host networking and the host's /usr read-only, as ops/test-env/README.md describes.
/// </summary>
internal sealed class DockerCli : IDisposable
{
    public const string Image = "proxy-test-base:latest";

    private readonly List<(string Host, string Name)> _created = [];

    /// <summary>Unique per test run, so that parallel runs and leftovers never collide.</summary>
    public string Prefix { get; } = $"dat{Guid.NewGuid():N}"[..11];

    public static void RequireDaemon(string endpoint)
    {
        if (DockerTestHosts.Missing(endpoint) is { } missing)
        {
            throw new InvalidOperationException(missing);
        }
    }

    /// <summary>Starts a sleeping container (it ignores SIGQUIT, so a stop drains until the grace time ends).</summary>
    public string RunSleeper(string host, string name, IEnumerable<(string Key, string Value)> labels, params string[] extra)
    {
        var arguments = new List<string> { "run", "-d", "--name", name, "--network", "host", "-v", "/usr:/usr:ro", "--stop-signal", "SIGQUIT" };
        foreach (var (key, value) in labels)
        {
            arguments.Add("--label");
            arguments.Add($"{key}={value}");
        }

        arguments.AddRange(extra);
        arguments.AddRange([Image, "/usr/bin/sleep", "300"]);
        lock (_created)
        {
            _created.Add((host, name));
        }

        return Run(host, arguments).Trim();
    }

    public string Run(string host, IEnumerable<string> arguments) => DockerCommand.Run(host, arguments).Output;

    public string Run(string host, params string[] arguments) => Run(host, (IEnumerable<string>)arguments);

    /// <summary>When the container's process started, by the daemon's clock (the same machine's).</summary>
    public DateTimeOffset StartedAt(string host, string name) => DockerTime.Parse(Run(host, DockerTime.StartedAtArguments(name)));

    /// <summary>The daemon's time of the first event of <paramref name="action"/> for a container since <paramref name="since"/>.</summary>
    public DateTimeOffset EventTime(string host, string name, string action, DateTimeOffset since) =>
        DockerTime.FirstEvent(Run(host, DockerTime.EventArguments(name, action, since)));

    public void Dispose()
    {
        List<(string Host, string Name)> names;
        lock (_created)
        {
            names = [.. _created];
        }

        foreach (var group in names.GroupBy(n => n.Host))
        {
            try
            {
                Run(group.Key, ["rm", "-f", .. group.Select(n => n.Name)]);
            }
            catch (InvalidOperationException)
            {
                // Already gone (a test removed it); nothing to clean.
            }
        }
    }
}
