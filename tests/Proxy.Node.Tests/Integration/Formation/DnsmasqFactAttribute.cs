using Xunit;

namespace Proxy.Node.Tests.Integration.Formation;

/// <summary>
/// A test against a real dnsmasq. Skipped with the reason where dnsmasq is not installed, except in CI
/// (<c>CI=true</c>), where it runs and fails: a CI without the DNS server must not pass green.
/// </summary>
public sealed class DnsmasqFactAttribute : FactAttribute
{
    public DnsmasqFactAttribute()
    {
        var missing = DnsmasqServer.Missing();
        var inCi = string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);
        if (missing is not null && !inCi)
        {
            Skip = missing;
        }
    }
}
