using System.Collections.Immutable;
using System.Text.RegularExpressions;
using Proxy.Actors.Model;
using Proxy.Discovery.Docker;

namespace Proxy.Node.Hosting;

/// <summary>
/// The Docker provider's checks that one value alone cannot make: settings without an endpoint, a label
/// prefix that cannot start a label key, and a default rule the translator could not render for any container.
/// </summary>
public static partial class DockerOptionsValidator
{
    // Label keys are dotted words; a prefix is one or more of them (traefik, com.example.proxy).
    [GeneratedRegex(@"^[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)*$", RegexOptions.CultureInvariant)]
    private static partial Regex LabelPrefixShape();

    private static readonly ImmutableArray<string> Settings =
    [
        StaticOptions.DockerExposedByDefault,
        StaticOptions.DockerDefaultRule,
        StaticOptions.DockerNetwork,
        StaticOptions.DockerLabelPrefix,
        StaticOptions.DockerAllowEmptyServices,
        StaticOptions.DockerHostNetworkAddress,
    ];

    public static IEnumerable<ConfigError> Validate(IReadOnlyDictionary<string, ConfigValue> merged)
    {
        if (!merged.ContainsKey(StaticOptions.DockerEndpoint))
        {
            // As with the file provider's watch: a setting without an endpoint is a forgotten endpoint.
            foreach (var key in Settings)
            {
                if (merged.TryGetValue(key, out var set) && set.Origin.Kind != ConfigSourceKind.Default)
                {
                    yield return new ConfigError(set.Origin.Description, key,
                        $"{set.Origin.Named} is set but no {set.Origin.Spell(StaticOptions.DockerEndpoint)} is given");
                }
            }

            yield break;
        }

        if (merged.TryGetValue(StaticOptions.DockerLabelPrefix, out var prefix)
            && prefix.Value.Length > 0 && !LabelPrefixShape().IsMatch(prefix.Value))
        {
            yield return new ConfigError(prefix.Origin.Description, StaticOptions.DockerLabelPrefix,
                $"invalid value \"{prefix.Value}\" for {prefix.Origin.Named}: expected words of letters, digits, '_' "
                + "and '-' joined by dots, without the trailing dot (traefik, com.example.proxy)");
        }

        if (merged.TryGetValue(StaticOptions.DockerDefaultRule, out var rule)
            && rule.Value.Length > 0
            && !DefaultRuleTemplate.TryRender(rule.Value, Sample, out _, out var problem))
        {
            yield return new ConfigError(rule.Origin.Description, StaticOptions.DockerDefaultRule,
                $"invalid value \"{rule.Value}\" for {rule.Origin.Named}: {problem}");
        }
    }

    /// <summary>Whether a template renders depends on its actions, not on the container, so any container will do.</summary>
    private static ContainerInfo Sample { get; } = new(
        "0", "sample", ImmutableSortedDictionary<string, string>.Empty, ContainerState.Running, ContainerHealth.None,
        false, "host", ImmutableSortedDictionary<string, string>.Empty, [], "sample");
}
