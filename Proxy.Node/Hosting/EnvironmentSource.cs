using System.Collections.Immutable;

namespace Proxy.Node.Hosting;

/// <summary>
/// Reads <c>PROXY_*</c> environment variables: the rest of the name, lower-cased, with <c>_</c> between
/// segments (<c>PROXY_ENTRYPOINTS_WEB_ADDRESS</c> is <c>entrypoints.web.address</c>). The prefix is
/// case-sensitive, as environment variables are on Linux.
/// </summary>
public static class EnvironmentSource
{
    public static SourceResult Read(IReadOnlyDictionary<string, string> environment)
    {
        var values = ImmutableDictionary.CreateBuilder<string, ConfigValue>();
        foreach (var (variable, value) in environment.OrderBy(pair => pair.Key, StringComparer.Ordinal))
        {
            if (variable.StartsWith(ConfigOrigin.EnvironmentPrefix, StringComparison.Ordinal))
            {
                var key = ToKey(variable[ConfigOrigin.EnvironmentPrefix.Length..]);
                values[key] = new ConfigValue(value, ConfigOrigin.Environment(variable));
            }
        }

        return new SourceResult(values.ToImmutable(), []);
    }

    /// <summary>
    /// Maps the part after the prefix to a dotted key. A name segment may itself hold underscores
    /// (<c>PROXY_ENTRYPOINTS_WEB_SECURE_ADDRESS</c> is entrypoint <c>web_secure</c>), so the known options
    /// are matched first, the placeholder taking whatever lies between the fixed segments.
    /// </summary>
    public static string ToKey(string rest)
    {
        var parts = rest.ToLowerInvariant().Split('_');
        foreach (var option in StaticOptions.All)
        {
            var pattern = option.Segments;
            var slot = pattern.IndexOf(StaticOption.NamePlaceholder);
            if (slot < 0)
            {
                if (string.Join('.', parts) == option.Key)
                {
                    return option.Key;
                }

                continue;
            }

            var after = pattern.Length - slot - 1;
            if (parts.Length < pattern.Length
                || !parts.Take(slot).SequenceEqual(pattern.Take(slot))
                || !parts.TakeLast(after).SequenceEqual(pattern.TakeLast(after)))
            {
                continue;
            }

            return option.WithName(string.Join('_', parts[slot..^after]));
        }

        return string.Join('.', parts);
    }
}
