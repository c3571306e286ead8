using System.Collections.Immutable;
using Proxy.Actors.Model;
using Proxy.Actors.Model.Config;
using Proxy.Actors.Tls;

namespace Proxy.Actors.Configuration.Validation;

/// <summary>
/// Checks one provider's <c>http.serversTransports</c> and reads their files; resolves the transport a service names.
/// Each transport stands alone: one with errors is left out with its errors (shown under the provider, as the tls
/// section's are), and the services naming it are disabled with an error that says so; the rest serve.
/// </summary>
public static class ServersTransportValidator
{
    public static (ImmutableSortedDictionary<string, ServersTransportSpec> Transports, ImmutableArray<ConfigError> Errors) Validate(
        string provider, string source, ImmutableSortedDictionary<string, ServersTransportConfig> transports)
    {
        var valid = ImmutableSortedDictionary.CreateBuilder<string, ServersTransportSpec>(StringComparer.Ordinal);
        var errors = ImmutableArray.CreateBuilder<ConfigError>();
        foreach (var (name, config) in transports)
        {
            var path = $"http.serversTransports.{name}";
            var sink = new ErrorSink(source, path);
            sink.Check(ServersTransportConfig.Schema, config);
            var material = sink.HasErrors ? null : LoadFiles(config, sink);
            if (material is null)
            {
                errors.AddRange(sink.ToImmutable());
                errors.Add(new ConfigError(source, path, $"servers transport '{name}' is left out; services using it are disabled"));
                continue;
            }

            var qualified = QualifiedName.Of(name, provider);
            valid[qualified] = new ServersTransportSpec(qualified, config, material);
        }

        return (valid.ToImmutable(), errors.ToImmutable());
    }

    /// <summary>
    /// <paramref name="service"/> with the transport its load balancer names, or the error on the service's
    /// <c>loadBalancer.serversTransport</c> when that transport does not exist or was left out.
    /// </summary>
    public static (ServiceDefinition? Service, ImmutableArray<ConfigError> Errors) Resolve(
        ServiceDefinition? service,
        string name,
        string source,
        IReadOnlyDictionary<string, ServersTransportSpec> transports,
        IReadOnlySet<string> declared,
        Func<string, string> missing)
    {
        if (service?.Options.ServersTransport is not { } given)
        {
            return (service, []);
        }

        var qualified = QualifiedName.Of(given, service.Provider);
        var path = $"http.services.{name}.loadBalancer.serversTransport";
        if (transports.TryGetValue(qualified, out var transport))
        {
            var owner = QualifiedName.Provider(qualified);
            return owner != service.Provider && OnlyForItsOwnProvider(transport) is { } why
                ? (null, [new ConfigError(source, path, $"servers transport '{qualified}' {why}: only services of the '{owner}' provider may name it, "
                    + "since whoever writes this service chooses its servers' URLs (a service from labels may name a transport "
                    + "with only rootCAs, serverName, peerCertURI, forwardingTimeouts, disableHTTP2 and maxIdleConnsPerHost)")])
                : (service with { Transport = transport }, []);
        }

        var problem = declared.Contains(qualified)
            ? $"servers transport '{qualified}' has errors and is left out"
            : missing(qualified);
        return (null, [new ConfigError(source, path, problem)]);
    }

    // A service of another provider (a container's labels) picks its servers' URLs: with these it could make the node
    // present its client key to, or trust without checking, a server of its choosing (docs/security.md).
    private static string? OnlyForItsOwnProvider(ServersTransportSpec transport) =>
        !transport.Options.Certificates.IsDefaultOrEmpty ? "holds client certificates (certificates)"
        : transport.InsecureSkipVerify ? "skips the servers' certificate check (insecureSkipVerify)"
        : null;

    // Read again here (the declaration's check read them to report problems) to keep what they hold: files that
    // changed for the worse in between are reported like any other problem.
    private static ServersTransportMaterial? LoadFiles(ServersTransportConfig config, ErrorSink sink)
    {
        var (material, problems) = ServersTransportFiles.Load(config);
        foreach (var problem in problems)
        {
            sink.Add(problem.SubPath, problem.Message);
        }

        return material;
    }
}
