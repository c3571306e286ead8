using System.Collections.Immutable;

namespace Proxy.Node.Hosting;

/// <summary>The table's defaults as the lowest layer, so that a value's origin says "default" when nobody set it.</summary>
public static class DefaultSource
{
    public static SourceResult Read()
    {
        var values = ImmutableDictionary.CreateBuilder<string, ConfigValue>();
        foreach (var option in StaticOptions.All.Where(option => !option.HasName && option.Default is not null))
        {
            values[option.Key] = new ConfigValue(option.Default!, ConfigOrigin.Default(option.Key));
        }

        return new SourceResult(values.ToImmutable(), []);
    }
}
