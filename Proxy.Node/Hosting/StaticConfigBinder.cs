using System.Collections.Immutable;
using Microsoft.Extensions.Logging;
using Proxy.Actors.Certificates;
using Proxy.Actors.Certificates.Acme;
using Proxy.Actors.Model;
using Proxy.Discovery.Docker;

namespace Proxy.Node.Hosting;

/// <summary>
/// Turns merged values that passed <see cref="StaticConfigValidator"/> into <see cref="StaticConfig"/>.
/// It throws on a value the validator should have refused: that is a bug here, not an operator error.
/// </summary>
public static class StaticConfigBinder
{
    public static StaticConfig Bind(IReadOnlyDictionary<string, ConfigValue> merged)
    {
        var entryPoints = ImmutableSortedDictionary.CreateBuilder<string, EntryPointConfig>(StringComparer.Ordinal);
        foreach (var (key, value) in merged)
        {
            if (StaticOptions.Find(key, out var name)?.Key == StaticOptions.EntryPointAddress)
            {
                entryPoints[name!] = new EntryPointConfig(name!, value.Value, Address(value))
                {
                    ForwardedHeaders = ForwardedHeaders(merged, name!),
                    ProxyProtocol = ProxyProtocol(merged, name!),
                    Redirection = Redirection(merged, name!),
                    Tls = Tls(merged, name!),
                };
            }
        }

        var filename = merged.GetValueOrDefault(StaticOptions.FileProviderFilename);
        return new StaticConfig(
            entryPoints.ToImmutable(),
            Address(merged[StaticOptions.ApiAddress]),
            filename is null ? null : new FileProviderConfig(filename.Value, Bool(merged[StaticOptions.FileProviderWatch])),
            Choice(merged, StaticOptions.LogLevel) switch
            {
                "DEBUG" => LogLevel.Debug,
                "WARN" => LogLevel.Warning,
                "ERROR" => LogLevel.Error,
                _ => LogLevel.Information,
            },
            Time(merged[StaticOptions.RequestAcceptGraceTimeout]),
            Time(merged[StaticOptions.GraceTimeout]),
            Choice(merged, StaticOptions.RequestActorMode) == "always" ? RequestActorMode.Always : RequestActorMode.OnFailure,
            merged.GetValueOrDefault(StaticOptions.ConfigFile)?.Value)
        {
            // 0 is no limit, as in Traefik and a transport's own responseHeaderTimeout; as a timer's value it would cut every request at once.
            ResponseHeaderTimeout = Time(merged[StaticOptions.ResponseHeaderTimeout]) is { } timeout && timeout == TimeSpan.Zero ? Timeout.InfiniteTimeSpan : timeout,
            DialTimeout = Time(merged[StaticOptions.DialTimeout]),
            MirrorMaxBodySize = Bytes(merged[StaticOptions.MirroringMaxBodySize]),
            MirrorMaxBytesInFlight = Bytes(merged[StaticOptions.MirroringMaxBytesInFlight]),
            Docker = Docker(merged),
            Cluster = Cluster(merged),
            ManagementAddress = merged.GetValueOrDefault(StaticOptions.ManagementAddress) is { } management ? Address(management) : null,
            ManagementToken = merged.GetValueOrDefault(StaticOptions.ManagementToken)?.Value,
            ManagementReadOnly = ManagementReadOnly(merged),
            ApiAllowedHosts = merged.GetValueOrDefault(StaticOptions.ApiAllowedHosts) is { } hosts ? OptionList.Split(hosts.Value) : [],
            MetricsPrometheus = Bool(merged[StaticOptions.MetricsPrometheus]),
            ApiTls = merged.GetValueOrDefault(StaticOptions.ApiTlsCertFile) is { } apiCertificate
                ? new Api.ApiTlsSettings(apiCertificate.Value, merged[StaticOptions.ApiTlsKeyFile].Value)
                : null,
            CertificateResolvers = CertificateResolvers(merged),
            AccessLog = AccessLogOn(merged)
                ? new AccessLogSettings(
                    merged.GetValueOrDefault(StaticOptions.AccessLogFilePath)?.Value,
                    Choice(merged, StaticOptions.AccessLogFormat) == "json" ? AccessLogFormat.Json : AccessLogFormat.Common)
                : null,
        };
    }

    /// <summary>
    /// As in Traefik, giving an access log option (a file, a format, an <c>accessLog:</c> section with
    /// either) turns the access log on, unless <c>accesslog</c> itself is set.
    /// </summary>
    private static bool AccessLogOn(IReadOnlyDictionary<string, ConfigValue> merged)
    {
        var flag = merged[StaticOptions.AccessLog];
        return flag.Origin.Kind == ConfigSourceKind.Default
            ? Given(StaticOptions.AccessLogFilePath) || Given(StaticOptions.AccessLogFormat)
            : Bool(flag);

        bool Given(string key) => merged.GetValueOrDefault(key) is { } value && value.Origin.Kind != ConfigSourceKind.Default;
    }

    /// <summary>
    /// Read-only unless told otherwise, as Akka Management; a token set with the option left at its
    /// default means the operator chose to guard leave and down with the token, not to refuse them.
    /// </summary>
    private static bool ManagementReadOnly(IReadOnlyDictionary<string, ConfigValue> merged)
    {
        var flag = merged[StaticOptions.ManagementReadOnly];
        return flag.Origin.Kind == ConfigSourceKind.Default
            ? !merged.ContainsKey(StaticOptions.ManagementToken)
            : Bool(flag);
    }

    private static Forwarding.ForwardedHeadersPolicy ForwardedHeaders(IReadOnlyDictionary<string, ConfigValue> merged, string entryPoint)
    {
        var insecure = merged.GetValueOrDefault(StaticOptions.EntryPointForwardedInsecure.Replace(StaticOption.NamePlaceholder, entryPoint, StringComparison.Ordinal)) is { } flag && Bool(flag);
        var trusted = merged.GetValueOrDefault(StaticOptions.EntryPointTrustedIps.Replace(StaticOption.NamePlaceholder, entryPoint, StringComparison.Ordinal)) is { } list
            ? OptionList.Split(list.Value).Select(item => NetworkRange.TryParse(item, out var network) ? network : throw Unvalidated(list)).ToImmutableArray()
            : [];
        return insecure || !trusted.IsEmpty ? new Forwarding.ForwardedHeadersPolicy(insecure, trusted) : Forwarding.ForwardedHeadersPolicy.Untrusted;
    }

    /// <summary>On as soon as either option is given, as Traefik's proxyProtocol section exists once any field is set.</summary>
    private static ProxyProtocol.ProxyProtocolSettings? ProxyProtocol(IReadOnlyDictionary<string, ConfigValue> merged, string entryPoint)
    {
        var insecure = merged.GetValueOrDefault(StaticOptions.EntryPointProxyProtocolInsecure.Replace(StaticOption.NamePlaceholder, entryPoint, StringComparison.Ordinal));
        var trusted = merged.GetValueOrDefault(StaticOptions.EntryPointProxyProtocolTrustedIps.Replace(StaticOption.NamePlaceholder, entryPoint, StringComparison.Ordinal));
        if (insecure is null && trusted is null)
        {
            return null;
        }

        var networks = trusted is null
            ? []
            : OptionList.Split(trusted.Value).Select(item => NetworkRange.TryParse(item, out var network) ? network : throw Unvalidated(trusted)).ToImmutableArray();
        return new ProxyProtocol.ProxyProtocolSettings(insecure is not null && Bool(insecure), networks);
    }

    private static EntryPointRedirection? Redirection(IReadOnlyDictionary<string, ConfigValue> merged, string entryPoint)
    {
        string Key(string option) => option.Replace(StaticOption.NamePlaceholder, entryPoint, StringComparison.Ordinal);
        if (merged.GetValueOrDefault(Key(StaticOptions.EntryPointRedirectTo)) is not { } to)
        {
            return null;
        }

        var target = to.Value.Trim().ToLowerInvariant();
        var scheme = merged.ContainsKey(Key(StaticOptions.EntryPointRedirectScheme))
            ? Choice(merged, Key(StaticOptions.EntryPointRedirectScheme))
            : StaticOptions.Find(StaticOptions.EntryPointRedirectScheme, out _)!.Default!;
        var port = RedirectionOptionsValidator.TryTargetPort(merged, target, out var found) ? found : throw Unvalidated(to);
        var permanent = merged.GetValueOrDefault(Key(StaticOptions.EntryPointRedirectPermanent)) is not { } flag || Bool(flag);
        var priority = merged.GetValueOrDefault(Key(StaticOptions.EntryPointRedirectPriority)) is { } rank
            ? OptionValue.TryParseInt(rank.Value, out var parsed) ? parsed : throw Unvalidated(rank)
            : EntryPointRedirection.DefaultPriority;
        return new EntryPointRedirection(target, scheme, EntryPointRedirection.PortFor(scheme, port), permanent, priority);
    }

    private static ImmutableSortedDictionary<string, AcmeResolverSettings> CertificateResolvers(IReadOnlyDictionary<string, ConfigValue> merged)
    {
        var resolvers = ImmutableSortedDictionary.CreateBuilder<string, AcmeResolverSettings>(StringComparer.Ordinal);
        foreach (var name in ResolverOptionsValidator.Names(merged))
        {
            // Named options have no default in the merged values: the table's default applies when one is absent.
            ConfigValue? Given(string option) => merged.GetValueOrDefault(ResolverOptionsValidator.Key(option, name));
            string Value(string option) => Given(option)?.Value ?? StaticOptions.Find(option, out _)!.Default!;

            var keyOption = StaticOptions.Find(StaticOptions.ResolverKeyType, out _)!;
            var keyType = OptionValue.TryParseChoice(keyOption, Value(StaticOptions.ResolverKeyType), out var choice)
                ? Enum.Parse<AcmeKeyType>(choice)
                : throw Unvalidated(Given(StaticOptions.ResolverKeyType)!);
            var tls = Given(StaticOptions.ResolverTlsChallenge) is { } flag && Bool(flag);
            var hours = OptionValue.TryParseInt(Value(StaticOptions.ResolverCertificatesDuration), out var parsed)
                ? parsed
                : throw Unvalidated(Given(StaticOptions.ResolverCertificatesDuration)!);
            resolvers[name] = new AcmeResolverSettings(
                name,
                Given(StaticOptions.ResolverEmail)?.Value,
                new Uri(Value(StaticOptions.ResolverCaServer)),
                Value(StaticOptions.ResolverStorage),
                keyType,
                Given(StaticOptions.ResolverHttpChallengeEntryPoint)?.Value.Trim().ToLowerInvariant(),
                tls,
                TimeSpan.FromHours(hours),
                Given(StaticOptions.ResolverCaCertificates) is { } files ? OptionList.Split(files.Value) : []);
        }

        return resolvers.ToImmutable();
    }

    /// <summary>
    /// On when <c>http.tls</c> is true or a setting under it is given, as Traefik makes the entry point's TLS
    /// section exist as soon as any of its fields is set.
    /// </summary>
    private static Actors.Model.Config.RouterTlsConfig? Tls(IReadOnlyDictionary<string, ConfigValue> merged, string entryPoint)
    {
        string Key(string option) => option.Replace(StaticOption.NamePlaceholder, entryPoint, StringComparison.Ordinal);
        var options = merged.GetValueOrDefault(Key(StaticOptions.EntryPointTlsOptions))?.Value.Trim();
        var resolver = merged.GetValueOrDefault(Key(StaticOptions.EntryPointTlsCertResolver))?.Value.Trim();
        var domains = EntryPointTlsDomains.Of(merged, entryPoint);
        var on = merged.GetValueOrDefault(Key(StaticOptions.EntryPointTls)) is { } flag
            ? Bool(flag)
            : options is not null || resolver is not null || !domains.IsEmpty;
        return on
            ? new Actors.Model.Config.RouterTlsConfig(resolver is "" ? null : resolver, domains, options is "" ? null : options)
            : null;
    }

    private static ClusterSettings Cluster(IReadOnlyDictionary<string, ConfigValue> merged)
    {
        var list = merged.GetValueOrDefault(StaticOptions.ClusterSeeds);
        var items = list is null ? [] : OptionList.Split(list.Value);
        // The validator lets a dns: seed through only alone.
        var dnsSeed = items.Length == 1 && DnsSeed.TryParse(items[0], out var named) ? named : null;
        var seeds = dnsSeed is not null
            ? []
            : items.Select(item => ListenAddress.TryParse(item, out var seed) ? seed : throw Unvalidated(list!)).ToImmutableArray();
        var roles = merged.GetValueOrDefault(StaticOptions.ClusterRoles) is { } names ? OptionList.Split(names.Value) : [];
        return new ClusterSettings(
            merged[StaticOptions.ClusterName].Value,
            merged[StaticOptions.ClusterHostname].Value,
            OptionValue.TryParseInt(merged[StaticOptions.ClusterPort].Value, out var port) ? port : throw Unvalidated(merged[StaticOptions.ClusterPort]),
            merged.GetValueOrDefault(StaticOptions.ClusterPublicHostname)?.Value,
            seeds,
            roles)
        {
            RemovedGrace = Time(merged[StaticOptions.ClusterRemovedGrace]),
            Tls = merged.GetValueOrDefault(StaticOptions.ClusterTlsCertFile) is { } certificate
                ? new ClusterTls.ClusterTlsSettings(certificate.Value, merged[StaticOptions.ClusterTlsKeyFile].Value, merged[StaticOptions.ClusterTlsCaFile].Value)
                : null,
            Insecure = Bool(merged[StaticOptions.ClusterInsecure]),
            DnsSeed = dnsSeed,
            DnsServer = merged.GetValueOrDefault(StaticOptions.ClusterDnsServer) is { } server
                ? DnsServerAddress.TryParse(server.Value, out var endpoint) ? endpoint : throw Unvalidated(server)
                : null,
            StableMargin = Time(merged[StaticOptions.ClusterBootstrapStableMargin]),
            RequiredContactPoints = OptionValue.TryParseInt(merged[StaticOptions.ClusterBootstrapRequiredContactPoints].Value, out var required)
                ? required
                : throw Unvalidated(merged[StaticOptions.ClusterBootstrapRequiredContactPoints]),
        };
    }

    private static DockerProviderSettings? Docker(IReadOnlyDictionary<string, ConfigValue> merged)
    {
        var endpoints = DockerEndpointOptions.All(merged);
        if (endpoints.IsEmpty)
        {
            return null;
        }

        var options = new DockerProviderOptions
        {
            ExposedByDefault = Bool(merged[StaticOptions.DockerExposedByDefault]),
            DefaultRule = merged[StaticOptions.DockerDefaultRule].Value,
            Network = merged.GetValueOrDefault(StaticOptions.DockerNetwork)?.Value,
            LabelPrefix = merged[StaticOptions.DockerLabelPrefix].Value,
            AllowEmptyServices = Bool(merged[StaticOptions.DockerAllowEmptyServices]),
            HostNetworkAddress = merged[StaticOptions.DockerHostNetworkAddress].Value,
            Constraints = merged.GetValueOrDefault(StaticOptions.DockerConstraints) is { } constraints
                ? Proxy.Discovery.Docker.Constraints.ConstraintParser.TryParse(constraints.Value, out var expression, out _) ? expression : throw Unvalidated(constraints)
                : null,
            UseBindPortIp = Bool(merged[StaticOptions.DockerUseBindPortIp]),
        };
        return new DockerProviderSettings([.. endpoints.Select(e => e.Endpoint)], options)
        {
            Tls = endpoints
                .Where(e => e.TlsSettings is not null)
                .DistinctBy(e => e.Endpoint)
                .ToImmutableDictionary(e => e.Endpoint, e => e.TlsSettings!, StringComparer.Ordinal),
        };
    }

    private static ListenAddress Address(ConfigValue value) =>
        ListenAddress.TryParse(value.Value, out var address) ? address : throw Unvalidated(value);

    private static bool Bool(ConfigValue value) =>
        OptionValue.TryParseBool(value.Value, out var flag) ? flag : throw Unvalidated(value);

    // A negative size means none: no body is mirrored, rather than a limit that is no limit.
    private static long Bytes(ConfigValue value) =>
        OptionValue.TryParseInt(value.Value, out var bytes) ? Math.Max(0, bytes) : throw Unvalidated(value);

    private static TimeSpan Time(ConfigValue value) =>
        Duration.TryParse(value.Value, out var duration) ? duration : throw Unvalidated(value);

    private static string Choice(IReadOnlyDictionary<string, ConfigValue> merged, string key)
    {
        var value = merged[key];
        var option = StaticOptions.Find(key, out _)!;
        return OptionValue.TryParseChoice(option, value.Value, out var choice) ? choice : throw Unvalidated(value);
    }

    private static InvalidOperationException Unvalidated(ConfigValue value) =>
        new($"Static value \"{value.Value}\" from {value.Origin.Description} reached the binder unvalidated.");
}
