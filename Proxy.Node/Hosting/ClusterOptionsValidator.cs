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

        // Leave and down are operations on the whole cluster: a listener of their own off loopback
        // only with a token. (On a public API address without a token they are simply not served.)
        if (merged.GetValueOrDefault(StaticOptions.ManagementAddress) is { } management
            && ListenAddress.TryParse(management.Value, out var address) && !address.IsLoopback
            && !merged.ContainsKey(StaticOptions.ManagementToken))
        {
            yield return new ConfigError(management.Origin.Description, StaticOptions.ManagementToken,
                $"the cluster API would listen on {management.Value} ({management.Origin.Named}), which is not loopback: "
                + "set --management.token so that only callers with the token can make members leave or down them");
        }

        foreach (var error in ClusterTls.ClusterTlsOptionsValidator.Validate(merged))
        {
            yield return error;
        }

        if (merged.GetValueOrDefault(StaticOptions.ClusterName) is { } name && !SystemName().IsMatch(name.Value))
        {
            yield return new ConfigError(name.Origin.Description, StaticOptions.ClusterName,
                $"invalid value \"{name.Value}\" for {name.Origin.Named}: expected letters, digits, '_' and '-', starting with a letter or digit");
        }
    }
}
