namespace Proxy.Node.Tests.Integration.Docker;

/// <summary>
/// A test that needs the real Docker daemon. Without one it is skipped with the reason, except under
/// CI=true, where it runs and fails (<see cref="DockerCli.Require"/>): CI must never pass by skipping.
/// xunit 2 decides skips when tests are discovered, hence the check in the attribute.
/// </summary>
public sealed class DockerFactAttribute : FactAttribute
{
    public DockerFactAttribute()
    {
        if (!DockerCli.Required && DockerCli.Problem is { } problem)
        {
            Skip = $"{problem} (set CI=true to make this a failure)";
        }
    }
}
