namespace Proxy.Actors.Certificates.Resolving;

/// <summary>
/// How long a resolver waits before ordering a certificate again after a failure: doubling from
/// <see cref="Initial"/> up to <see cref="Cap"/>, and never less than the CA's Retry-After.
/// </summary>
public sealed record AcmeBackoff(TimeSpan Initial, TimeSpan Cap)
{
    /// <summary>A minute, doubling to six hours: Let's Encrypt allows 5 failed validations per hostname an hour.</summary>
    public static AcmeBackoff Default { get; } = new(TimeSpan.FromMinutes(1), TimeSpan.FromHours(6));

    /// <param name="failures">Failures in a row, the one just seen included (1 for the first).</param>
    public TimeSpan After(int failures, TimeSpan? retryAfter)
    {
        var exponent = Math.Clamp(failures - 1, 0, 30);
        var ticks = Math.Min((double)Initial.Ticks * Math.Pow(2, exponent), Cap.Ticks);
        var wait = TimeSpan.FromTicks((long)ticks);
        return retryAfter is { } asked && asked > wait ? asked : wait;
    }
}
