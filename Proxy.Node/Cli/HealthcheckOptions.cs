using System.Collections.Immutable;
using Proxy.Actors.Model;
using Proxy.Discovery.Yaml;
using Proxy.Node.Hosting;

namespace Proxy.Node.Cli;

/// <summary>
/// The two static options <c>proxy-node healthcheck</c> needs, the API's address and its certificate file,
/// read from the node's sources (flags given to the command, <c>PROXY_*</c>, the configuration file) and
/// checked alone. Docker runs a HEALTHCHECK with the container's environment but not its command, so the
/// rest of the configuration may be incomplete there (<c>PROXY_PROVIDERS_DOCKER_LABELPREFIX</c> with the
/// endpoint given as a flag): the node checked all of it at start, and an error about another option must
/// not keep a working container unhealthy.
/// </summary>
internal sealed record HealthcheckOptions(ListenAddress ApiAddress, string? CertFile)
{
    public static (HealthcheckOptions? Options, ImmutableArray<ConfigError> Errors) Read(
        IReadOnlyList<string> flags, IReadOnlyDictionary<string, string> environment) =>
        Read(flags, environment, path => BoundedYaml.ReadFile(path, YamlLimits.StaticFile));

    public static (HealthcheckOptions? Options, ImmutableArray<ConfigError> Errors) Read(
        IReadOnlyList<string> flags, IReadOnlyDictionary<string, string> environment, Func<string, string> readFile)
    {
        var sources = StaticConfigLoader.ReadSources(flags, environment, readFile);
        var errors = ImmutableArray.CreateBuilder<ConfigError>();

        // A source's own errors count when they may hide the API's options: a file that cannot be read or
        // parsed (path "" or the config file option), a malformed argument, or one of the two options itself.
        errors.AddRange(sources.SelectMany(source => source.Errors).Where(error => error.Path is "" or StaticOptions.ConfigFile || Concerns(error.Path)));

        // Flags are written for this very command, so a misspelt one is a usage error, not someone else's option.
        foreach (var (key, value) in sources[^1].Values.Where(pair => StaticOptions.Find(pair.Key, out _) is null))
        {
            var suggestion = OptionSuggestion.For(key);
            var hint = suggestion is null ? " (see --help)" : $" (did you mean {value.Origin.Spell(suggestion)}?)";
            errors.Add(new ConfigError(value.Origin.Description, key, $"unknown option {value.Origin.Named}{hint}"));
        }

        var merged = ConfigLayers.Merge(sources);
        var given = merged[StaticOptions.ApiAddress];
        var option = StaticOptions.Find(StaticOptions.ApiAddress, out _)!;
        if (!OptionValue.IsValid(option, given.Value) || !ListenAddress.TryParse(given.Value, out var address))
        {
            errors.Add(new ConfigError(given.Origin.Description, StaticOptions.ApiAddress,
                $"invalid value \"{given.Value}\" for {given.Origin.Named}: expected {OptionValue.Accepted(option)}"));
            return (null, errors.ToImmutable());
        }

        var certificate = merged.GetValueOrDefault(StaticOptions.ApiTlsCertFile)?.Value;
        return errors.Count > 0
            ? (null, errors.ToImmutable())
            : (new HealthcheckOptions(address, string.IsNullOrEmpty(certificate) ? null : certificate), []);
    }

    private static bool Concerns(string key) => key is StaticOptions.ApiAddress or StaticOptions.ApiTlsCertFile;
}
