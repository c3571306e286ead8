namespace Proxy.Node.Tests.Integration.Partition;

/// <summary>
/// A test that builds its own network namespaces (<see cref="NetworkLab"/>): it needs root and the
/// ip, nginx, ab and curl tools. Without them it is skipped with the reason, except under CI=true,
/// where it runs and fails (<see cref="NetworkLab.Require"/>): CI must never pass by skipping.
/// xunit 2 decides skips when tests are discovered, hence the check in the attribute.
/// </summary>
public sealed class NetnsFactAttribute : FactAttribute
{
    public NetnsFactAttribute()
    {
        if (!NetworkLab.Required && NetworkLab.Problem is { } problem)
        {
            Skip = $"{problem} (set CI=true to make this a failure)";
        }
    }
}
