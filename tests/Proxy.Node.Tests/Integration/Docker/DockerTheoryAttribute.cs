namespace Proxy.Node.Tests.Integration.Docker;

/// <summary>A <see cref="DockerFactAttribute"/> with data: skipped, or failing under CI=true, by the same rule.</summary>
public sealed class DockerTheoryAttribute : TheoryAttribute
{
    public DockerTheoryAttribute()
        : this(secondDaemon: false)
    {
    }

    public DockerTheoryAttribute(bool secondDaemon) => Skip = DockerFactAttribute.SkipReason(secondDaemon);
}
