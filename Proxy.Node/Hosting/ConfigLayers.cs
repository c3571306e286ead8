using System.Collections.Immutable;

namespace Proxy.Node.Hosting;

/// <summary>Merges sources key by key, later sources winning, into the one dictionary the validator and binder read.</summary>
public static class ConfigLayers
{
    private const string EntryPointsPrefix = "entrypoints.";

    public static ImmutableSortedDictionary<string, ConfigValue> Merge(IEnumerable<SourceResult> lowestFirst)
    {
        var merged = ImmutableSortedDictionary.CreateBuilder<string, ConfigValue>(StringComparer.Ordinal);
        foreach (var source in lowestFirst)
        {
            foreach (var (key, value) in source.Values)
            {
                merged[key] = value;
            }
        }

        // The default entrypoint is all-or-nothing: naming any entrypoint replaces it rather than adding to it,
        // so an operator who asks for `admin` alone does not also get `web` on :8000. A mistyped entrypoint
        // key counts as naming one, or its typo error would come with a second, invented clash on :8000.
        if (!merged.Keys.Any(NamesAnEntryPoint))
        {
            var option = StaticOptions.All.Single(option => option.Key == StaticOptions.EntryPointAddress);
            var key = option.WithName(StaticOptions.DefaultEntryPointName);
            merged[key] = new ConfigValue(option.Default!, ConfigOrigin.Default(key));
        }

        return merged.ToImmutable();
    }

    /// <summary>
    /// An entrypoint's address names it; its other options (forwarded headers) do not, so that they can
    /// be given for the default entrypoint.
    /// </summary>
    private static bool NamesAnEntryPoint(string key) =>
        StaticOptions.Find(key, out _) is { } option
            ? option.Key == StaticOptions.EntryPointAddress
            : key.StartsWith(EntryPointsPrefix, StringComparison.Ordinal)
                || OptionSuggestion.For(key)?.StartsWith(EntryPointsPrefix, StringComparison.Ordinal) == true;
}
