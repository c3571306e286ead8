using Xunit;

namespace Proxy.Actors.Tests.Certificates.Acme;

/// <summary>
/// A test that orders from a real pebble. Skipped with the reason where pebble is not installed,
/// except in CI (<c>CI=true</c>), where it runs and fails: a CI without the CA must not pass green.
/// </summary>
public sealed class PebbleFactAttribute : FactAttribute
{
    public PebbleFactAttribute()
    {
        var missing = PebbleServer.Missing();
        var inCi = string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);
        if (missing is not null && !inCi)
        {
            Skip = missing;
        }
    }
}
