using System.Collections.Immutable;
using Proxy.Discovery.Docker;
using Xunit;

namespace Proxy.Discovery.Tests.Docker;

/// <remarks>Kinds are passed by name: the enum is internal and theory parameters must be public.</remarks>
public sealed class DockerEventPolicyTests
{
    public static TheoryData<string, string?, string> Events => new()
    {
        { "start", null, nameof(DockerEventKind.Reinspect) },
        { "unpause", null, nameof(DockerEventKind.Reinspect) },
        { "rename", null, nameof(DockerEventKind.Reinspect) },
        { "health_status: healthy", null, nameof(DockerEventKind.Reinspect) },
        { "health_status: unhealthy", null, nameof(DockerEventKind.Reinspect) },
        { "health_status", null, nameof(DockerEventKind.Reinspect) },
        { "kill", "3", nameof(DockerEventKind.Drain) },
        { "kill", "15", nameof(DockerEventKind.Drain) },
        { "kill", "SIGTERM", nameof(DockerEventKind.Drain) },
        { "kill", null, nameof(DockerEventKind.Drain) },
        { "kill", "9", nameof(DockerEventKind.Ignored) },
        { "kill", "SIGKILL", nameof(DockerEventKind.Ignored) },
        { "kill", "KILL", nameof(DockerEventKind.Ignored) },
        { "die", null, nameof(DockerEventKind.Remove) },
        { "stop", null, nameof(DockerEventKind.Remove) },
        { "destroy", null, nameof(DockerEventKind.Remove) },
        { "pause", null, nameof(DockerEventKind.Pause) },
        { "create", null, nameof(DockerEventKind.Ignored) },
        { "exec_start: /bin/sh -c true", null, nameof(DockerEventKind.Ignored) },
    };

    [Theory]
    [MemberData(nameof(Events))]
    public void Classify_Action_GivesKind(string action, string? signal, string expected)
    {
        var attributes = signal is null
            ? ImmutableSortedDictionary<string, string>.Empty
            : ImmutableSortedDictionary<string, string>.Empty.Add("signal", signal);

        Assert.Equal(Enum.Parse<DockerEventKind>(expected), DockerEventPolicy.Classify(action, attributes));
    }
}
