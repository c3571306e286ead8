using System.Collections.Immutable;
using Proxy.Actors.Model;
using Proxy.Actors.Model.Config;

namespace Proxy.Node.Hosting;

/// <summary>
/// An entry point's <c>http.tls.domains[n].main</c> and <c>.sans</c>: the certificates its TLS routers ask
/// for, in index order. Checked here too: a <c>sans</c> needs its <c>main</c>, as Traefik requires a main domain.
/// </summary>
public static class EntryPointTlsDomains
{
    public static ImmutableArray<TlsDomainConfig> Of(IReadOnlyDictionary<string, ConfigValue> merged, string entryPoint) =>
        [.. Items(merged)
            .Where(item => item.EntryPoint == entryPoint)
            .GroupBy(item => item.Index)
            .OrderBy(group => group.Key)
            .Select(group => new TlsDomainConfig(
                group.FirstOrDefault(item => item.Main)?.Value.Value.Trim(),
                group.FirstOrDefault(item => !item.Main) is { } sans ? OptionList.Split(sans.Value.Value) : []))];

    public static IEnumerable<ConfigError> Validate(IReadOnlyDictionary<string, ConfigValue> merged)
    {
        var items = Items(merged).ToList();
        foreach (var sans in items.Where(item => !item.Main))
        {
            if (!items.Any(item => item.Main && item.EntryPoint == sans.EntryPoint && item.Index == sans.Index))
            {
                var main = StaticOptions.EntryPointTlsDomainMain
                    .Replace(StaticOption.NamePlaceholder, sans.EntryPoint, StringComparison.Ordinal)
                    .Replace(StaticOption.IndexPlaceholder, $"[{sans.Index}]", StringComparison.Ordinal);
                yield return new ConfigError(sans.Value.Origin.Description, sans.Key,
                    $"{sans.Value.Origin.Named} is set but domain {sans.Index} of entrypoint {sans.EntryPoint} has no main domain: give {sans.Value.Origin.Spell(main)}");
            }
        }
    }

    private static IEnumerable<Item> Items(IReadOnlyDictionary<string, ConfigValue> merged)
    {
        foreach (var (key, value) in merged)
        {
            if (StaticOptions.Find(key, out var name) is not { } option
                || option.Key is not (StaticOptions.EntryPointTlsDomainMain or StaticOptions.EntryPointTlsDomainSans))
            {
                continue;
            }

            var slot = option.Segments.IndexOf("domains" + StaticOption.IndexPlaceholder);
            var index = StaticOption.Index(key.Split('.')[slot], "domains")!.Value;
            yield return new Item(key, name!, index, option.Key == StaticOptions.EntryPointTlsDomainMain, value);
        }
    }

    private sealed record Item(string Key, string EntryPoint, int Index, bool Main, ConfigValue Value);
}
