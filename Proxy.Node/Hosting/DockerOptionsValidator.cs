using System.Collections.Immutable;
using System.Text.RegularExpressions;
using Proxy.Actors.Model;
using Proxy.Discovery.Docker;

namespace Proxy.Node.Hosting;

/// <summary>
/// The Docker provider's checks that one value alone cannot make: settings without an endpoint, a label
/// prefix that cannot start a label key, and a default rule the translator could not render for any container.
/// </summary>
public static partial class DockerOptionsValidator
{
    // Label keys are dotted words; a prefix is one or more of them (traefik, com.example.proxy).
    [GeneratedRegex(@"^[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)*$", RegexOptions.CultureInvariant)]
    private static partial Regex LabelPrefixShape();

    private static readonly ImmutableArray<string> Settings =
    [
        StaticOptions.DockerExposedByDefault,
        StaticOptions.DockerDefaultRule,
        StaticOptions.DockerNetwork,
        StaticOptions.DockerLabelPrefix,
        StaticOptions.DockerAllowEmptyServices,
        StaticOptions.DockerHostNetworkAddress,
        StaticOptions.DockerTlsCa,
        StaticOptions.DockerTlsCert,
        StaticOptions.DockerTlsKey,
        StaticOptions.DockerTlsInsecureSkipVerify,
        StaticOptions.DockerAllowInsecure,
        StaticOptions.DockerConstraints,
        StaticOptions.DockerUseBindPortIp,
    ];

    public static IEnumerable<ConfigError> Validate(IReadOnlyDictionary<string, ConfigValue> merged)
    {
        foreach (var error in NamedWithoutEndpoint(merged))
        {
            yield return error;
        }

        var endpoints = DockerEndpointOptions.All(merged);
        if (endpoints.IsEmpty)
        {
            // As with the file provider's watch: a setting without an endpoint is a forgotten endpoint.
            foreach (var key in Settings)
            {
                if (merged.TryGetValue(key, out var set) && set.Origin.Kind != ConfigSourceKind.Default)
                {
                    yield return new ConfigError(set.Origin.Description, key,
                        $"{set.Origin.Named} is set but no {set.Origin.Spell(StaticOptions.DockerEndpoint)} is given");
                }
            }

            yield break;
        }

        foreach (var error in TlsErrors(merged, endpoints))
        {
            yield return error;
        }

        if (merged.TryGetValue(StaticOptions.DockerLabelPrefix, out var prefix)
            && prefix.Value.Length > 0 && !LabelPrefixShape().IsMatch(prefix.Value))
        {
            yield return new ConfigError(prefix.Origin.Description, StaticOptions.DockerLabelPrefix,
                $"invalid value \"{prefix.Value}\" for {prefix.Origin.Named}: expected words of letters, digits, '_' "
                + "and '-' joined by dots, without the trailing dot (traefik, com.example.proxy)");
        }

        if (merged.TryGetValue(StaticOptions.DockerDefaultRule, out var rule)
            && rule.Value.Length > 0
            && !DefaultRuleTemplate.TryRender(rule.Value, Sample, out _, out var problem))
        {
            yield return new ConfigError(rule.Origin.Description, StaticOptions.DockerDefaultRule,
                $"invalid value \"{rule.Value}\" for {rule.Origin.Named}: {problem}");
        }

        if (merged.TryGetValue(StaticOptions.DockerConstraints, out var constraints)
            && !Proxy.Discovery.Docker.Constraints.ConstraintParser.TryParse(constraints.Value, out _, out var constraintError))
        {
            yield return new ConfigError(constraints.Origin.Description, StaticOptions.DockerConstraints,
                $"invalid value \"{constraints.Value}\" for {constraints.Origin.Named}: {constraintError}");
        }
    }

    /// <summary>A TLS file or flag of endpoint &lt;name&gt; without the endpoint itself is a forgotten endpoint (or a typo in the name).</summary>
    private static IEnumerable<ConfigError> NamedWithoutEndpoint(IReadOnlyDictionary<string, ConfigValue> merged)
    {
        foreach (var name in DockerEndpointOptions.Names(merged))
        {
            if (merged.ContainsKey(DockerEndpointOptions.Key(StaticOptions.DockerNamedEndpoint, name)))
            {
                continue;
            }

            var (key, value) = DockerEndpointOptions.NamedTls(merged, name).Values.FirstOrDefault();
            if (value is not null)
            {
                yield return new ConfigError(value.Origin.Description, key,
                    $"{value.Origin.Named} is set but no {value.Origin.Spell(DockerEndpointOptions.Key(StaticOptions.DockerNamedEndpoint, name))} is given");
            }
        }
    }

    private static IEnumerable<ConfigError> TlsErrors(IReadOnlyDictionary<string, ConfigValue> merged, ImmutableArray<DockerEndpointOption> endpoints)
    {
        var unnamedTls = DockerEndpointOptions.UnnamedTls(merged);
        if (!unnamedTls.IsEmpty && !merged.ContainsKey(StaticOptions.DockerEndpoint))
        {
            var (key, value) = unnamedTls.Values.First();
            yield return new ConfigError(value.Origin.Description, key,
                $"{value.Origin.Named} is set but no {value.Origin.Spell(StaticOptions.DockerEndpoint)} is given: the unnamed TLS options "
                + $"apply to its endpoints; a named endpoint takes {value.Origin.Spell("providers.docker.endpoints.<name>.tls.*")}");
        }

        var seen = new Dictionary<string, DockerEndpointOption>(StringComparer.Ordinal);
        foreach (var endpoint in endpoints)
        {
            // The unnamed list may repeat an endpoint (it is watched once); a named one is a distinct host with its own TLS.
            if (seen.TryGetValue(endpoint.Endpoint, out var first) && (first.Name is not null || endpoint.Name is not null))
            {
                yield return new ConfigError(endpoint.Value.Origin.Description, endpoint.Key,
                    $"endpoint {endpoint.Endpoint} of {endpoint.Value.Origin.Named} is also given by {first.Value.Origin.Named}: one Docker host is watched once, with one TLS set");
            }

            seen.TryAdd(endpoint.Endpoint, endpoint);
        }

        var allowInsecure = merged.GetValueOrDefault(StaticOptions.DockerAllowInsecure) is { } flag && OptionValue.TryParseBool(flag.Value, out var on) && on;
        foreach (var endpoint in endpoints)
        {
            // The unnamed set serves the tcp:// endpoints of the list: a socket beside them is not an error, a list of sockets alone is.
            if (!endpoint.Tls.IsEmpty && !endpoint.IsTcp
                && (endpoint.Name is not null || !endpoints.Any(e => e.Name is null && e.IsTcp)))
            {
                var (key, value) = endpoint.Tls.Values.First();
                yield return new ConfigError(value.Origin.Description, key,
                    $"{value.Origin.Named} applies to endpoint {endpoint.Endpoint}, which is not tcp://: a unix socket has no TLS, "
                    + "its file permissions guard it; give TLS to tcp:// endpoints only (a named endpoint each when they differ)");
            }

            if (endpoint.IsTcp && endpoint.Tls.IsEmpty && !allowInsecure && DockerEndpointSyntax.IsValid(endpoint.Endpoint) && !IsLoopback(endpoint.Endpoint))
            {
                var tls = endpoint.Name is null ? "--providers.docker.tls.ca, .cert and .key" : $"--providers.docker.endpoints.{endpoint.Name}.tls.ca, .cert and .key";
                yield return new ConfigError(endpoint.Value.Origin.Description, endpoint.Key,
                    $"endpoint {endpoint.Endpoint} of {endpoint.Value.Origin.Named} is plain TCP to an address other than loopback: anyone on the "
                    + "network who reaches a plain Docker TCP port has root on that host. Run the daemon with --tlsverify and give "
                    + $"{tls} (docs/docker.md), or accept the risk with --providers.docker.allowinsecure=true");
            }
        }

        // Each TLS set once: the unnamed one serves every unnamed endpoint, and one bad file is one error.
        foreach (var set in endpoints.Where(e => e.IsTcp && !e.Tls.IsEmpty).DistinctBy(e => e.Name))
        {
            foreach (var error in TlsSetErrors(set))
            {
                yield return error;
            }
        }
    }

    private static IEnumerable<ConfigError> TlsSetErrors(DockerEndpointOption endpoint)
    {
        string Option(string field) => endpoint.Name is null
            ? DockerEndpointOptions.TlsFields.First(f => f.Field == field).Unnamed
            : DockerEndpointOptions.Key(DockerEndpointOptions.TlsFields.First(f => f.Field == field).Named, endpoint.Name);
        var (anyKey, any) = endpoint.Tls.Values.First();
        var cert = endpoint.Tls.GetValueOrDefault("cert").Value;
        var key = endpoint.Tls.GetValueOrDefault("key").Value;
        if (cert is null != key is null)
        {
            var (given, missing) = cert is null ? ("key", "cert") : ("cert", "key");
            var value = endpoint.Tls[given].Value;
            yield return new ConfigError(value.Origin.Description, endpoint.Tls[given].Key,
                $"{value.Origin.Named} is given but {value.Origin.Spell(Option(missing))} is not: the client certificate and its key go together");
            yield break;
        }

        if (cert is null)
        {
            // A daemon that accepts TLS clients without a certificate (--tls without --tlsverify) accepts anyone.
            yield return new ConfigError(any.Origin.Description, anyKey,
                $"TLS to endpoint {endpoint.Endpoint} ({any.Origin.Named}) needs a client certificate: give {any.Origin.Spell(Option("cert"))} "
                + $"and {any.Origin.Spell(Option("key"))}; a daemon that takes TLS clients without one (--tls without --tlsverify) lets anyone in");
            yield break;
        }

        if (!DockerTlsMaterial.TryLoad(endpoint.TlsSettings!, out var material, out var problem))
        {
            var source = endpoint.Tls.GetValueOrDefault(problem!.Contains("CA file", StringComparison.Ordinal) ? "ca" : "cert");
            yield return new ConfigError(source.Value.Origin.Description, source.Key, $"{source.Value.Origin.Named}: {problem}");
            yield break;
        }

        material!.Dispose();
    }

    /// <summary>Loopback by address, or localhost; any other name may resolve to a reachable address.</summary>
    private static bool IsLoopback(string endpoint) =>
        ListenAddress.TryParse(endpoint["tcp://".Length..], out var address)
        && ClusterTls.ClusterTransportSecurity.IsLoopbackHost(address.Host);

    /// <summary>Whether a template renders depends on its actions, not on the container, so any container will do.</summary>
    private static ContainerInfo Sample { get; } = new(
        "0", "sample", ImmutableSortedDictionary<string, string>.Empty, ContainerState.Running, ContainerHealth.None,
        false, "host", ImmutableSortedDictionary<string, string>.Empty, [], "sample");
}
