using Xunit;

namespace Proxy.Discovery.Tests.Docker;

/// <summary>
/// A test that needs the real Docker daemons. Skipped with the reason on a machine without them,
/// except in CI (<c>CI=true</c>), where it runs and fails: a CI without Docker must not pass green.
/// </summary>
public sealed class DockerFactAttribute : FactAttribute
{
    public DockerFactAttribute(bool needsSecondHost = false)
    {
        var missing = DockerTestHosts.Missing(DockerTestHosts.A) ?? (needsSecondHost ? DockerTestHosts.Missing(DockerTestHosts.B) : null);
        if (missing is not null && !DockerTestHosts.InCi)
        {
            Skip = missing;
        }
    }
}
