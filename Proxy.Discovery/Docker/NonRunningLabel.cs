using Proxy.Actors.Configuration.Schema;

namespace Proxy.Discovery.Docker;

/// <summary>
/// Traefik v3.6's <c>&lt;prefix&gt;.docker.allownonrunning=true</c>: the container keeps its routers and
/// services while it is stopped, paused or unhealthy, its services then with no server (503 instead of 404).
/// </summary>
public static class NonRunningLabel
{
    private const string Suffix = ".docker.allownonrunning";

    /// <summary>Under the provider's prefix: what the translator keeps.</summary>
    public static bool Allows(IReadOnlyDictionary<string, string> labels, string prefix) =>
        labels.TryGetValue(prefix + Suffix, out var value) && IsOn(value);

    /// <summary>
    /// Under any prefix: what a host's watcher keeps of its stopped containers. It does not know the prefix,
    /// and a few extra containers in its list cost nothing; the translator decides.
    /// </summary>
    public static bool MayAllow(IDictionary<string, string>? labels) =>
        labels is not null && labels.Any(l => l.Key.EndsWith(Suffix, StringComparison.Ordinal) && IsOn(l.Value));

    /// <summary>The label schema's reading (Go's strconv.ParseBool spellings, trimmed), so that the translator's
    /// label config and this check never disagree on whether a container is kept.</summary>
    private static bool IsOn(string? value) => ScalarValues.Bool(value?.Trim()) == true;
}
