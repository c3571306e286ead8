using Proxy.Node.Tests.Integration.Docker;

namespace Proxy.Node.Tests.Integration.Dashboard;

/// <summary>
/// A browser test against nodes that watch both Docker daemons: skipped when chromium or a daemon is
/// missing, except under CI=true, where it runs and fails (CI must never pass by skipping).
/// </summary>
public sealed class DockerChromiumFactAttribute : FactAttribute
{
    public DockerChromiumFactAttribute()
    {
        if (!Chromium.Required && (Chromium.Problem ?? DockerCli.Problem ?? DockerCli.ProblemB) is { } problem)
        {
            Skip = $"{problem} (set CI=true to make this a failure)";
        }
    }
}
