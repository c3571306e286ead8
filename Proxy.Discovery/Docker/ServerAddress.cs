using System.Diagnostics.CodeAnalysis;
using Proxy.Actors.Model.Config;
using Proxy.Discovery.Labels;

namespace Proxy.Discovery.Docker;

/// <summary>The server one container adds to one of its services: where to reach it.</summary>
internal static class ServerAddress
{
    /// <param name="network">The network to use: the container's <c>docker.network</c> label, else the provider's option.</param>
    /// <param name="server">The container's server labels for this service.</param>
    /// <param name="portLabel">The full label key that sets the port, to name in the error.</param>
    /// <param name="problem">Why there is no server; <paramref name="problemField"/> is the field of the service it concerns.</param>
    public static bool TryCreate(
        ContainerInfo container,
        DockerProviderOptions options,
        string? network,
        ServerLabels server,
        string portLabel,
        [NotNullWhen(true)] out ServerConfig? result,
        out string problem,
        out string problemField)
    {
        result = null;
        problemField = "loadbalancer.server";
        if (server.Server.Url is not null)
        {
            if (server.Port is not null || server.Scheme is not null)
            {
                // Which to believe is not ours to guess; Traefik rejects the combination too.
                problemField = "loadbalancer.server.url";
                problem = "server.url cannot be combined with server.port or server.scheme";
                return false;
            }

            result = server.Server with { Draining = container.Draining, Source = container.Source };
            problem = "";
            return true;
        }

        // Traefik takes the lowest exposed port: deterministic, and usually the main one.
        int? port = server.Port ?? (container.ExposedPorts.IsDefaultOrEmpty ? null : container.ExposedPorts.Min());

        // As Traefik: a binding on a named address wins; none, or one on a wildcard, falls back on the container's own address.
        if (options.UseBindPortIp && port is { } published
            && container.PortBindings.GetValueOrDefault(published) is { HasAddress: true } binding)
        {
            var bound = binding.HostIp.Contains(':', StringComparison.Ordinal) ? $"[{binding.HostIp}]" : binding.HostIp;
            result = server.Server with { Url = $"{server.Scheme ?? "http"}://{bound}:{binding.HostPort}", Draining = container.Draining, Source = container.Source };
            problem = "";
            return true;
        }

        if (!TryHost(container, options, network, out var host, out problem))
        {
            return false;
        }

        if (port is null)
        {
            problemField = "loadbalancer.server.port";
            problem = $"no port: the container exposes none; set label {portLabel}";
            return false;
        }

        var address = host.Contains(':', StringComparison.Ordinal) ? $"[{host}]" : host;
        result = server.Server with { Url = $"{server.Scheme ?? "http"}://{address}:{port}", Draining = container.Draining, Source = container.Source };
        return true;
    }

    private static bool TryHost(ContainerInfo container, DockerProviderOptions options, string? network, out string host, out string problem)
    {
        host = "";
        problem = "";
        if (container.NetworkMode.Equals("host", StringComparison.OrdinalIgnoreCase))
        {
            host = options.HostNetworkAddress;
            return true;
        }

        var networks = container.Networks
            .Where(n => !string.IsNullOrEmpty(n.Value))
            .OrderBy(n => n.Key, StringComparer.Ordinal)
            .ToList();
        if (network is not null)
        {
            // Traefik falls back to another network with a warning; an address on the wrong network
            // usually cannot be reached, so we say so instead.
            var match = networks.FirstOrDefault(n => n.Key == network);
            if (match.Key is null)
            {
                problem = networks.Count == 0
                    ? $"no address: the container is not on network '{network}' (it is on no network with an address)"
                    : $"no address: the container is not on network '{network}' (it is on: {string.Join(", ", networks.Select(n => n.Key))})";
                return false;
            }

            host = match.Value;
            return true;
        }

        if (networks.Count == 0)
        {
            problem = $"no address: the container has no IP address (network mode '{container.NetworkMode}')";
            return false;
        }

        host = networks[0].Value;
        return true;
    }
}
