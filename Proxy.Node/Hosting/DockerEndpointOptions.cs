using System.Collections.Immutable;
using Proxy.Discovery.Docker;

namespace Proxy.Node.Hosting;

/// <summary>
/// The Docker endpoints as the options give them: the unnamed ones of <c>providers.docker.endpoint</c> (a comma
/// list) sharing the unnamed <c>providers.docker.tls.*</c>, and each <c>providers.docker.endpoints.&lt;name&gt;</c>
/// with its own TLS set. The validator and the binder both read them here, so they agree on what applies where.
/// </summary>
public static class DockerEndpointOptions
{
    /// <summary>The TLS fields, as the unnamed option and as the named one.</summary>
    public static ImmutableArray<(string Field, string Unnamed, string Named)> TlsFields { get; } =
    [
        ("ca", StaticOptions.DockerTlsCa, StaticOptions.DockerNamedTlsCa),
        ("cert", StaticOptions.DockerTlsCert, StaticOptions.DockerNamedTlsCert),
        ("key", StaticOptions.DockerTlsKey, StaticOptions.DockerNamedTlsKey),
        ("insecureskipverify", StaticOptions.DockerTlsInsecureSkipVerify, StaticOptions.DockerNamedTlsInsecureSkipVerify),
    ];

    private static ImmutableArray<string> NamedOptions { get; } =
        [StaticOptions.DockerNamedEndpoint, .. TlsFields.Select(f => f.Named)];

    /// <summary>The option of <paramref name="named"/> for endpoint <paramref name="name"/>.</summary>
    public static string Key(string named, string name) => named.Replace(StaticOption.NamePlaceholder, name, StringComparison.Ordinal);

    /// <summary>Every name that some <c>providers.docker.endpoints.&lt;name&gt;.*</c> option gives, in order.</summary>
    public static ImmutableArray<string> Names(IReadOnlyDictionary<string, ConfigValue> merged) =>
        [.. merged.Keys
            .Select(key => StaticOptions.Find(key, out var name) is { } option && NamedOptions.Contains(option.Key) ? name : null)
            .OfType<string>()
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)];

    /// <summary>The unnamed TLS options the operator gave (a default is not a choice).</summary>
    public static ImmutableSortedDictionary<string, (string Key, ConfigValue Value)> UnnamedTls(IReadOnlyDictionary<string, ConfigValue> merged) =>
        Tls(merged, f => f.Unnamed);

    public static ImmutableSortedDictionary<string, (string Key, ConfigValue Value)> NamedTls(IReadOnlyDictionary<string, ConfigValue> merged, string name) =>
        Tls(merged, f => Key(f.Named, name));

    /// <summary>Every endpoint with the TLS options that apply to it; a named one without its endpoint option is left out (the validator names it).</summary>
    public static ImmutableArray<DockerEndpointOption> All(IReadOnlyDictionary<string, ConfigValue> merged)
    {
        var all = ImmutableArray.CreateBuilder<DockerEndpointOption>();
        if (merged.GetValueOrDefault(StaticOptions.DockerEndpoint) is { } list)
        {
            var tls = UnnamedTls(merged);
            foreach (var endpoint in OptionList.Split(list.Value))
            {
                all.Add(new DockerEndpointOption(null, endpoint, StaticOptions.DockerEndpoint, list, tls));
            }
        }

        foreach (var name in Names(merged))
        {
            var key = Key(StaticOptions.DockerNamedEndpoint, name);
            if (merged.GetValueOrDefault(key) is { } value)
            {
                all.Add(new DockerEndpointOption(name, value.Value.Trim(), key, value, NamedTls(merged, name)));
            }
        }

        return all.ToImmutable();
    }

    private static ImmutableSortedDictionary<string, (string Key, ConfigValue Value)> Tls(
        IReadOnlyDictionary<string, ConfigValue> merged, Func<(string Field, string Unnamed, string Named), string> key)
    {
        var given = ImmutableSortedDictionary.CreateBuilder<string, (string, ConfigValue)>(StringComparer.Ordinal);
        foreach (var field in TlsFields)
        {
            var option = key(field);
            if (merged.GetValueOrDefault(option) is { } value && value.Origin.Kind != ConfigSourceKind.Default)
            {
                given[field.Field] = (option, value);
            }
        }

        return given.ToImmutable();
    }
}

/// <summary>One Docker endpoint as given, with the TLS options (field to option key and value) that apply to it.</summary>
/// <param name="Name">The operator's name of a named endpoint; null for those of <c>providers.docker.endpoint</c>.</param>
/// <param name="Endpoint">The endpoint, trimmed.</param>
/// <param name="Key">The option that gave it.</param>
/// <param name="Value">Its value, for the origin an error names.</param>
/// <param name="Tls">The TLS options given for it, by field (<c>ca</c>, <c>cert</c>, <c>key</c>, <c>insecureskipverify</c>).</param>
public sealed record DockerEndpointOption(
    string? Name,
    string Endpoint,
    string Key,
    ConfigValue Value,
    ImmutableSortedDictionary<string, (string Key, ConfigValue Value)> Tls)
{
    public bool IsTcp => Endpoint.StartsWith("tcp://", StringComparison.Ordinal);

    /// <summary>The TLS settings the watcher uses, or null when no TLS option applies (a unix socket has none).</summary>
    public DockerTlsSettings? TlsSettings => Tls.IsEmpty || !IsTcp
        ? null
        : new DockerTlsSettings(
            Tls.GetValueOrDefault("ca").Value?.Value,
            Tls.GetValueOrDefault("cert").Value?.Value,
            Tls.GetValueOrDefault("key").Value?.Value,
            Tls.GetValueOrDefault("insecureskipverify").Value is { } flag && OptionValue.TryParseBool(flag.Value, out var on) && on);
}
