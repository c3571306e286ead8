using System.Collections.Immutable;
using Proxy.Actors.Model;

namespace Proxy.Node.Hosting;

/// <summary>
/// Checks the merged static values and returns every error at once, so an operator fixes a broken
/// command line in one round instead of one error per restart.
/// </summary>
public static class StaticConfigValidator
{
    private const string EntryPointsPrefix = "entrypoints.";

    public static ImmutableArray<ConfigError> Validate(IReadOnlyDictionary<string, ConfigValue> merged, HostNetwork host)
    {
        var errors = ImmutableArray.CreateBuilder<ConfigError>();
        foreach (var (key, value) in merged)
        {
            var origin = value.Origin;
            var option = StaticOptions.Find(key, out var name);
            if (option is null)
            {
                var suggestion = OptionSuggestion.For(key);
                var hint = suggestion is null ? " (see --help)" : $" (did you mean {origin.Spell(suggestion)}?)";
                errors.Add(new ConfigError(origin.Description, key, $"unknown option {origin.Named}{hint}"));
                continue;
            }

            if (name is not null && !StaticOptions.ValidName().IsMatch(name))
            {
                errors.Add(new ConfigError(origin.Description, key,
                    $"invalid name \"{name}\" in {origin.Named}: names use letters, digits, '_' and '-'"));
                continue;
            }

            if (option.Kind.IsList())
            {
                errors.AddRange(ListItemErrors(option, value));
            }
            else if (!OptionValue.IsValid(option, value.Value))
            {
                errors.Add(new ConfigError(origin.Description, key,
                    $"invalid value \"{value.Value}\" for {origin.Named}: expected {OptionValue.Accepted(option)}"));
            }
        }

        errors.AddRange(EntryPointOptionsWithoutAddress(merged));
        errors.AddRange(ListenerConflicts(merged));
        errors.AddRange(RedirectionOptionsValidator.Validate(merged));
        errors.AddRange(EntryPointTlsDomains.Validate(merged));
        errors.AddRange(WatchWithoutFile(merged));
        errors.AddRange(DockerOptionsValidator.Validate(merged));
        errors.AddRange(ClusterOptionsValidator.Validate(merged, host));
        errors.AddRange(Api.ApiTlsSettings.Validate(merged));
        errors.AddRange(ResolverOptionsValidator.Validate(merged));
        return errors.ToImmutable();
    }

    /// <summary>Names the bad item of a list, not the whole list, which may have come from several flags.</summary>
    private static IEnumerable<ConfigError> ListItemErrors(StaticOption option, ConfigValue value)
    {
        var origin = value.Origin;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in OptionList.Split(value.Value))
        {
            if (item.Length == 0)
            {
                yield return new ConfigError(origin.Description, option.Key,
                    $"empty item in {origin.Named} (\"{value.Value}\"): expected {OptionValue.Accepted(option)}");
            }
            else if (!OptionValue.IsValid(option, item))
            {
                yield return new ConfigError(origin.Description, option.Key,
                    $"invalid value \"{item}\" for {origin.Named}: expected {OptionValue.Accepted(option)}");
            }
            else if (!seen.Add(item))
            {
                yield return new ConfigError(origin.Description, option.Key,
                    $"\"{item}\" is given twice in {origin.Named}: each item once");
            }
        }
    }

    /// <summary>Two listeners on one socket fail at bind time with a vague error; name both origins now instead.</summary>
    private static IEnumerable<ConfigError> ListenerConflicts(IReadOnlyDictionary<string, ConfigValue> merged)
    {
        var found = new List<(string Label, string Key, ConfigValue Value, ListenAddress Address)>();
        foreach (var (key, value) in merged)
        {
            var option = StaticOptions.Find(key, out var name);
            if (option is { Kind: OptionKind.Address } && ListenAddress.TryParse(value.Value, out var address))
            {
                var label = option.Key switch
                {
                    StaticOptions.ApiAddress => "the API",
                    StaticOptions.ManagementAddress => "the management API",
                    _ => $"entrypoint {name}",
                };
                found.Add((label, key, value, address));
            }
        }

        // The API goes last so that a clash reads "entrypoint web and the API".
        var listeners = found.OrderBy(listener => listener.Key is StaticOptions.ApiAddress or StaticOptions.ManagementAddress).ToList();
        for (var i = 0; i < listeners.Count; i++)
        {
            for (var j = i + 1; j < listeners.Count; j++)
            {
                var (first, second) = (listeners[i], listeners[j]);
                if (first.Address.Overlaps(second.Address))
                {
                    yield return new ConfigError(second.Value.Origin.Description, second.Key,
                        $"{first.Label} and {second.Label} both listen on port {first.Address.Port} "
                        + $"({first.Value.Value} from {first.Value.Origin.Description}, "
                        + $"{second.Value.Value} from {second.Value.Origin.Description}): give each its own address");
                }
            }
        }
    }

    /// <summary>An entrypoint option for an entrypoint that does not listen is almost always a misspelt name.</summary>
    private static IEnumerable<ConfigError> EntryPointOptionsWithoutAddress(IReadOnlyDictionary<string, ConfigValue> merged)
    {
        foreach (var (key, value) in merged)
        {
            if (StaticOptions.Find(key, out var name) is { HasName: true } option
                && option.Key.StartsWith(EntryPointsPrefix, StringComparison.Ordinal)
                && option.Key != StaticOptions.EntryPointAddress
                && name is not null
                && !merged.ContainsKey(StaticOptions.EntryPointAddress.Replace(StaticOption.NamePlaceholder, name, StringComparison.Ordinal)))
            {
                yield return new ConfigError(value.Origin.Description, key,
                    $"{value.Origin.Named} is set but entrypoint {name} has no address: give "
                    + $"{value.Origin.Spell(StaticOptions.EntryPointAddress.Replace(StaticOption.NamePlaceholder, name, StringComparison.Ordinal))}");
            }
        }
    }

    /// <summary>A watch setting with no file is almost always a forgotten filename, not a wish for no provider.</summary>
    private static IEnumerable<ConfigError> WatchWithoutFile(IReadOnlyDictionary<string, ConfigValue> merged)
    {
        if (merged.TryGetValue(StaticOptions.FileProviderWatch, out var watch)
            && watch.Origin.Kind != ConfigSourceKind.Default
            && !merged.ContainsKey(StaticOptions.FileProviderFilename))
        {
            yield return new ConfigError(watch.Origin.Description, StaticOptions.FileProviderWatch,
                $"{watch.Origin.Named} is set but no {watch.Origin.Spell(StaticOptions.FileProviderFilename)} is given");
        }
    }
}
