using System.Collections.Immutable;

namespace Proxy.Discovery.Docker;

/// <summary>Classifies a container event: a pure decision, so the table is testable without a daemon.</summary>
internal static class DockerEventPolicy
{
    public static DockerEventKind Classify(string action, ImmutableSortedDictionary<string, string> attributes)
    {
        // API 1.41 sends "health_status: healthy" as the whole action; newer daemons may drop the status part.
        if (action.StartsWith("health_status", StringComparison.Ordinal))
        {
            return DockerEventKind.Reinspect;
        }

        return action switch
        {
            "start" or "unpause" or "rename" => DockerEventKind.Reinspect,
            "kill" => IsSigKill(attributes.GetValueOrDefault("signal")) ? DockerEventKind.Ignored : DockerEventKind.Drain,
            "die" or "stop" or "destroy" => DockerEventKind.Remove,
            "pause" => DockerEventKind.Pause,
            _ => DockerEventKind.Ignored,
        };
    }

    /// <summary>
    /// SIGKILL ends the process at once (<c>docker rm -f</c>, or the end of a stop's grace time):
    /// there is nothing left to drain, and <c>die</c> follows immediately.
    /// </summary>
    private static bool IsSigKill(string? signal) =>
        signal is "9" or "SIGKILL" or "KILL";
}
