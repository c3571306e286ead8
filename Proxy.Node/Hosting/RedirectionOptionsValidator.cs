using System.Globalization;
using Proxy.Actors.Model;

namespace Proxy.Node.Hosting;

/// <summary>
/// Checks entry-point redirections against the entry points that exist: a <c>to</c> naming no
/// listener would redirect clients to a port nothing answers on, so the node refuses to start.
/// </summary>
public static class RedirectionOptionsValidator
{
    public static IEnumerable<ConfigError> Validate(IReadOnlyDictionary<string, ConfigValue> merged)
    {
        foreach (var (key, value) in merged)
        {
            var option = StaticOptions.Find(key, out var name);
            if (option is null || name is null)
            {
                continue;
            }

            if (option.Key == StaticOptions.EntryPointRedirectTo)
            {
                if (TargetError(merged, name, value) is { } error)
                {
                    yield return new ConfigError(value.Origin.Description, key, error);
                }
            }
            else if (option.Key is StaticOptions.EntryPointRedirectScheme or StaticOptions.EntryPointRedirectPermanent or StaticOptions.EntryPointRedirectPriority
                && !merged.ContainsKey(StaticOptions.EntryPointRedirectTo.Replace(StaticOption.NamePlaceholder, name, StringComparison.Ordinal)))
            {
                yield return new ConfigError(value.Origin.Description, key,
                    $"{value.Origin.Named} is set but entrypoint {name} redirects nowhere: give "
                    + value.Origin.Spell(StaticOptions.EntryPointRedirectTo.Replace(StaticOption.NamePlaceholder, name, StringComparison.Ordinal)));
            }
        }
    }

    /// <summary>The port <c>to</c> stands for: the named entry point's, or the one of a <c>:port</c> value, as Traefik reads it.</summary>
    public static bool TryTargetPort(IReadOnlyDictionary<string, ConfigValue> merged, string to, out int port)
    {
        port = 0;
        if (to.StartsWith(':'))
        {
            return int.TryParse(to.AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out port) && port is > 0 and <= 65535;
        }

        return merged.GetValueOrDefault(AddressKey(to)) is { } address
            && ListenAddress.TryParse(address.Value, out var listen)
            && (port = listen.Port) > 0;
    }

    private static string? TargetError(IReadOnlyDictionary<string, ConfigValue> merged, string name, ConfigValue value)
    {
        var to = value.Value.Trim();
        var named = value.Origin.Named;
        if (to.StartsWith(':'))
        {
            return TryTargetPort(merged, to, out _)
                ? null
                : $"invalid value \"{value.Value}\" for {named}: expected an entrypoint name or :<port> with a port from 1 to 65535";
        }

        if (!StaticOptions.ValidName().IsMatch(to))
        {
            return $"invalid value \"{value.Value}\" for {named}: expected an entrypoint name (letters, digits, '_' and '-') or :<port>";
        }

        var target = to.ToLowerInvariant();
        if (target == name)
        {
            return $"{named} redirects entrypoint {name} to itself, which would loop: name another entrypoint";
        }

        if (!merged.ContainsKey(AddressKey(target)))
        {
            var known = merged.Keys
                .Select(k => StaticOptions.Find(k, out var n)?.Key == StaticOptions.EntryPointAddress ? n : null)
                .OfType<string>()
                .Order(StringComparer.Ordinal);
            return $"{named} names entrypoint {to}, which does not exist: give one of {string.Join(", ", known)} "
                + $"(or declare {value.Origin.Spell(AddressKey(target))})";
        }

        // The target's address is checked on its own option (an entry point cannot take port 0).
        return null;
    }

    private static string AddressKey(string entryPoint) =>
        StaticOptions.EntryPointAddress.Replace(StaticOption.NamePlaceholder, entryPoint, StringComparison.Ordinal);
}
