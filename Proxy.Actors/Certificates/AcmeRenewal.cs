namespace Proxy.Actors.Certificates;

/// <summary>
/// When an ACME certificate is renewed: the one rule the ordering actor acts on and the API shows.
/// As Traefik, a third of the expected lifetime (<c>certificatesDuration</c>) before it ends, but never
/// more than a third of the certificate's own lifetime: a CA issuing certificates shorter than a third of
/// certificatesDuration (6 days against the 90-day default) would otherwise be due on issue and be ordered
/// again at once, in a loop until the CA's rate limit.
/// </summary>
public static class AcmeRenewal
{
    /// <summary>
    /// How far the issued lifetime may lie from certificatesDuration (either way, as a factor) before the
    /// resolver warns that the setting does not describe its CA.
    /// </summary>
    public const double LifetimeMismatchFactor = 2;

    public static DateTimeOffset Due(DateTimeOffset notBefore, DateTimeOffset notAfter, TimeSpan certificatesDuration)
    {
        var lifetime = notAfter - notBefore;
        var third = lifetime <= TimeSpan.Zero ? TimeSpan.Zero : lifetime / 3;
        var expected = certificatesDuration / 3;
        return notAfter - (third < expected ? third : expected);
    }

    /// <summary>True when the issued lifetime is more than <see cref="LifetimeMismatchFactor"/> shorter or longer than certificatesDuration.</summary>
    public static bool LifetimeDiffers(DateTimeOffset notBefore, DateTimeOffset notAfter, TimeSpan certificatesDuration)
    {
        var lifetime = notAfter - notBefore;
        return lifetime * LifetimeMismatchFactor < certificatesDuration || lifetime > certificatesDuration * LifetimeMismatchFactor;
    }
}
