using Proxy.Tests.Docker;

namespace Proxy.Node.Tests.Integration.Docker;

/// <summary>
/// When the daemon at an endpoint says something happened to a container, read back from Docker
/// itself: the latency tests measure from these moments, not from when the CLI call returned.
/// </summary>
public static class DockerEventTimes
{
    /// <summary>The container's State.StartedAt on the daemon at <paramref name="endpoint"/>.</summary>
    public static async Task<DateTimeOffset> StartedAtAsync(string endpoint, string name) =>
        DockerTime.Parse(await DockerCli.DockerOnAsync(endpoint, DockerTime.StartedAtArguments(name)));

    /// <summary>The first <c>kill</c> event for the container since <paramref name="since"/> (the stop signal's moment).</summary>
    public static async Task<DateTimeOffset> KillEventAsync(string endpoint, string name, DateTimeOffset since) =>
        DockerTime.FirstEvent(await DockerCli.DockerOnAsync(endpoint, DockerTime.EventArguments(name, "kill", since)));
}
