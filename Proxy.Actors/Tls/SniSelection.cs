using System.Collections.Immutable;

namespace Proxy.Actors.Tls;

/// <summary>
/// Which certificate answers a TLS client hello's server name: an exact name first, then a wildcard
/// (<c>*.example.com</c> covers exactly one label: <c>a.example.com</c>, not <c>example.com</c> nor
/// <c>b.a.example.com</c>), compared ignoring case. Nothing when neither matches or no name was sent.
/// </summary>
public static class SniSelection
{
    /// <param name="exact">Certificates by the exact names they cover, lower case.</param>
    /// <param name="wildcards">Certificates by the domain their wildcard covers one label of (<c>example.com</c> for <c>*.example.com</c>), lower case.</param>
    public static T? Pick<T>(ImmutableDictionary<string, T> exact, ImmutableDictionary<string, T> wildcards, string? serverName)
        where T : class
    {
        if (string.IsNullOrEmpty(serverName))
        {
            return null;
        }

        var name = CertificateNames.Normalize(serverName);
        if (exact.TryGetValue(name, out var found))
        {
            return found;
        }

        var dot = name.IndexOf('.', StringComparison.Ordinal);
        return dot > 0 && wildcards.TryGetValue(name[(dot + 1)..], out var wildcard) ? wildcard : null;
    }
}
