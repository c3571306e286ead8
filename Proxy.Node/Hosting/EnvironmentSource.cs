using System.Collections.Immutable;

namespace Proxy.Node.Hosting;

/// <summary>
/// Reads <c>PROXY_*</c> environment variables: the rest of the name, lower-cased, with <c>_</c> between
/// segments (<c>PROXY_ENTRYPOINTS_WEB_ADDRESS</c> is <c>entrypoints.web.address</c>). The prefix is
/// case-sensitive, as environment variables are on Linux. A variable that names no option is not an
/// error, unlike a flag: the environment is shared with whatever else runs (Kubernetes' service links
/// of a service named proxy, tools with <c>PROXY_*</c> of their own), so it is a warning naming it,
/// and Kubernetes' service links (<see cref="KubernetesServiceLinks"/>) are ignored without one. A link
/// that spells an option (<c>PROXY_CLUSTER_PORT=tcp://10.96.0.7:4040</c> of service proxy-cluster) is
/// ignored with a warning when its service's <c>PROXY_*_SERVICE_HOST</c> is set too; otherwise the value
/// is the option's, and a bad one an error.
/// </summary>
public static class EnvironmentSource
{
    public static SourceResult Read(IReadOnlyDictionary<string, string> environment)
    {
        var values = ImmutableDictionary.CreateBuilder<string, ConfigValue>();
        var warnings = ImmutableArray.CreateBuilder<ConfigWarning>();
        foreach (var (variable, value) in environment.OrderBy(pair => pair.Key, StringComparer.Ordinal))
        {
            if (!variable.StartsWith(ConfigOrigin.EnvironmentPrefix, StringComparison.Ordinal))
            {
                continue;
            }

            var key = ToKey(variable[ConfigOrigin.EnvironmentPrefix.Length..]);
            var origin = ConfigOrigin.Environment(variable);
            if (StaticOptions.Find(key, out _) is not null
                && KubernetesServiceLinks.ServicesOf(variable, value).FirstOrDefault(IsServiceHostOf(environment)) is { } serviceHost)
            {
                // Kubelet's link of a service named like an option's prefix (proxy-cluster gives PROXY_CLUSTER_PORT=tcp://...):
                // the service's own PROXY_*_SERVICE_HOST shows it is not the option, and reading it as one would stop the node.
                warnings.Add(new ConfigWarning(origin.Description, key,
                    $"ignoring {variable}: it is a Kubernetes service link of service {KubernetesServiceLinks.ServiceName(serviceHost)} "
                    + $"({serviceHost} is set), not option {key}; rename the service or set enableServiceLinks: false on the pod"));
            }
            else if (StaticOptions.Find(key, out _) is not null)
            {
                // A known option: its value is checked like a flag's, and a bad one stops the node.
                values[key] = new ConfigValue(value, origin);
            }
            else if (!KubernetesServiceLinks.Matches(variable, value))
            {
                // The value is not repeated: a variable meant for another tool may hold a secret.
                var suggestion = OptionSuggestion.For(key);
                var hint = suggestion is null ? "" : $" (did you mean {origin.Spell(suggestion)}?)";
                warnings.Add(new ConfigWarning(origin.Description, key, $"ignoring {variable}: it names no option{hint}"));
            }
        }

        return new SourceResult(values.ToImmutable(), []) { Warnings = warnings.ToImmutable() };
    }

    private static Func<string, bool> IsServiceHostOf(IReadOnlyDictionary<string, string> environment) =>
        serviceHost => environment.TryGetValue(serviceHost, out var host) && KubernetesServiceLinks.Matches(serviceHost, host);

    /// <summary>
    /// Maps the part after the prefix to a dotted key. A name segment may itself hold underscores
    /// (<c>PROXY_ENTRYPOINTS_WEB_SECURE_ADDRESS</c> is entrypoint <c>web_secure</c>), so the known options
    /// are matched first, the placeholder taking whatever lies between the fixed segments.
    /// </summary>
    public static string ToKey(string rest)
    {
        var parts = MergeIndexes(rest.ToLowerInvariant().Split('_'));
        foreach (var option in StaticOptions.All)
        {
            var pattern = option.Segments;
            var slot = pattern.IndexOf(StaticOption.NamePlaceholder);
            if (slot < 0)
            {
                if (parts.Length == pattern.Length && parts.Zip(pattern).All(pair => Same(pair.First, pair.Second)))
                {
                    return string.Join('.', parts);
                }

                continue;
            }

            var after = pattern.Length - slot - 1;
            if (parts.Length < pattern.Length
                || !parts.Take(slot).Zip(pattern.Take(slot)).All(pair => Same(pair.First, pair.Second))
                || !parts.TakeLast(after).Zip(pattern.TakeLast(after)).All(pair => Same(pair.First, pair.Second)))
            {
                continue;
            }

            return string.Join('.', [.. parts[..slot], string.Join('_', parts[slot..^after]), .. parts[^after..]]);
        }

        return string.Join('.', parts);
    }

    /// <summary>A segment as written against the option's: equal, or the index of <c>domains[&lt;n&gt;]</c>.</summary>
    private static bool Same(string part, string pattern) =>
        pattern.EndsWith(StaticOption.IndexPlaceholder, StringComparison.Ordinal)
            ? StaticOption.Index(part, pattern[..^StaticOption.IndexPlaceholder.Length]) is not null
            : part == pattern;

    /// <summary>
    /// A list index is a segment of its own in a variable (<c>..._DOMAINS_0_MAIN</c>, as Traefik's); it joins
    /// the segment before it (<c>domains[0]</c>) when an option has that segment indexed.
    /// </summary>
    private static string[] MergeIndexes(string[] parts)
    {
        var indexed = StaticOptions.All
            .SelectMany(option => option.Segments)
            .Where(segment => segment.EndsWith(StaticOption.IndexPlaceholder, StringComparison.Ordinal))
            .Select(segment => segment[..^StaticOption.IndexPlaceholder.Length])
            .ToHashSet(StringComparer.Ordinal);
        var merged = new List<string>(parts.Length);
        foreach (var part in parts)
        {
            if (merged.Count > 0 && indexed.Contains(merged[^1]) && part.Length > 0 && part.All(char.IsAsciiDigit))
            {
                merged[^1] = $"{merged[^1]}[{part}]";
            }
            else
            {
                merged.Add(part);
            }
        }

        return [.. merged];
    }
}
