namespace Proxy.Node.Tests.Integration.Docker;

/// <summary>
/// A test that needs the real Docker daemon (daemon A; with <c>secondDaemon</c>, daemon B too). Without
/// one it is skipped with the reason, except under CI=true, where it runs and fails
/// (<see cref="DockerCli.Require"/>, <see cref="DockerCli.RequireBoth"/>): CI must never pass by skipping.
/// xunit 2 decides skips when tests are discovered, hence the check in the attribute.
/// </summary>
public sealed class DockerFactAttribute : FactAttribute
{
    public DockerFactAttribute()
        : this(secondDaemon: false)
    {
    }

    public DockerFactAttribute(bool secondDaemon) => Skip = SkipReason(secondDaemon);

    /// <summary>Why a test that needs the daemons cannot run here; null: it runs (always under CI=true).</summary>
    internal static string? SkipReason(bool secondDaemon) =>
        !DockerCli.Required && (DockerCli.Problem ?? (secondDaemon ? DockerCli.ProblemB : null)) is { } problem
            ? $"{problem} (set CI=true to make this a failure)"
            : null;
}
