using System.Text.RegularExpressions;
using Proxy.Actors.Model;

namespace Proxy.Node.Hosting;

/// <summary>What the option kinds cannot say about the cluster options: port range and the name Akka accepts.</summary>
internal static partial class ClusterOptionsValidator
{
    // Akka's rule for an actor system name, which the cluster name becomes.
    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_-]*$", RegexOptions.CultureInvariant)]
    private static partial Regex SystemName();

    public static IEnumerable<ConfigError> Validate(IReadOnlyDictionary<string, ConfigValue> merged)
    {
        if (merged.GetValueOrDefault(StaticOptions.ClusterPort) is { } port
            && OptionValue.TryParseInt(port.Value, out var number) && number is < 0 or > 65535)
        {
            yield return new ConfigError(port.Origin.Description, StaticOptions.ClusterPort,
                $"invalid value \"{port.Value}\" for {port.Origin.Named}: expected a port from 0 (any free one) to 65535");
        }

        if (merged.GetValueOrDefault(StaticOptions.ClusterName) is { } name && !SystemName().IsMatch(name.Value))
        {
            yield return new ConfigError(name.Origin.Description, StaticOptions.ClusterName,
                $"invalid value \"{name.Value}\" for {name.Origin.Named}: expected letters, digits, '_' and '-', starting with a letter or digit");
        }
    }
}
