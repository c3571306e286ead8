using Proxy.Actors.Configuration.Schema;

namespace Proxy.Discovery.Labels;

/// <summary>
/// Weighted, mirroring and failover services are declared in the file provider, as in Traefik (a container
/// would lend its labels a share of another container's traffic): a label refers to one as <c>name@file</c>.
/// A container's service of one of these kinds is left out with that error.
/// </summary>
internal static class FileOnlyServices
{
    public static (LabelConfig Config, IReadOnlyList<DecodeError> Errors) Refuse(LabelConfig config, MappingNode tree)
    {
        var errors = new List<DecodeError>();
        var services = config.Config.Services;
        foreach (var (name, service) in config.Config.Services)
        {
            var kind = service.Weighted is not null ? "weighted" : service.Mirroring is not null ? "mirroring" : service.Failover is not null ? "failover" : null;
            if (kind is null)
            {
                continue;
            }

            errors.Add(new DecodeError(
                $"http.services.{name}.{kind}",
                PositionOf(tree, name, kind),
                $"a {kind} service is declared in the file provider, not by a container's labels: define service '{name}' there and refer to it as '{name}@file'; service '{name}' is left out"));
            services = services.Remove(name);
        }

        return (config with { Config = config.Config with { Services = services } }, errors);
    }

    /// <summary>The first label under the service's kind, for the error to point at.</summary>
    private static KeyPosition? PositionOf(MappingNode tree, string service, string kind)
    {
        KeyNode? node = tree;
        foreach (var key in (string[])["http", "services", service, kind])
        {
            node = (node as MappingNode)?.Entries.FirstOrDefault(e => e.InvalidKey is null && e.Key.Equals(key, StringComparison.OrdinalIgnoreCase))?.Value;
        }

        while (node is MappingNode { Entries.Length: > 0 } mapping)
        {
            node = mapping.Entries[0].Value;
        }

        return node?.Position ?? tree.Position;
    }
}
