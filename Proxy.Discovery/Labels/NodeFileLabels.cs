using Proxy.Actors.Configuration.Schema;
using Proxy.Actors.Model.Config;

namespace Proxy.Discovery.Labels;

/// <summary>
/// Options that make the node use a secret it holds as a file: forwardAuth's client certificate and key. From a
/// container's labels they would let whoever writes labels make the node show any certificate and key it can read
/// (its own Docker TLS client key included) to any address the labels name: with several Docker hosts, the key to
/// another host's daemon. So a container cannot set them (Traefik lets it): the middleware is defined in the file
/// provider and a label refers to it as <c>name@file</c>. A CA file (<c>tls.ca</c>) only narrows what the node trusts
/// and stays allowed.
/// </summary>
internal static class NodeFileLabels
{
    private static readonly string[] Refused = ["cert", "key"];

    /// <summary>The middlewares of <paramref name="config"/> that set a refused option, each with its error, and the config without them.</summary>
    public static (LabelConfig Config, IReadOnlyList<DecodeError> Errors) Refuse(LabelConfig config, MappingNode tree)
    {
        var errors = new List<DecodeError>();
        var middlewares = config.Config.Middlewares;
        foreach (var (name, middleware) in config.Config.Middlewares)
        {
            if (middleware.Get<ForwardAuthConfig>()?.Tls is not { } tls)
            {
                continue;
            }

            foreach (var option in Refused.Where(option => (option == "cert" ? tls.Cert : tls.Key) is not null))
            {
                errors.Add(new DecodeError(
                    $"http.middlewares.{name}.forwardAuth.tls.{option}",
                    PositionOf(tree, name, option),
                    $"forwardAuth tls.{option} names a file on the node and cannot come from a container's labels (a label could make the node present any key it can read): define middleware '{name}' in the file provider and refer to it as '{name}@file'"));
                middlewares = middlewares.Remove(name);
            }
        }

        return (config with { Config = config.Config with { Middlewares = middlewares } }, errors);
    }

    private static KeyPosition? PositionOf(MappingNode tree, string middleware, string option)
    {
        KeyEntry? entry = null;
        KeyNode? node = tree;
        foreach (var key in (string[])["http", "middlewares", middleware, "forwardAuth", "tls", option])
        {
            entry = (node as MappingNode)?.Entries.FirstOrDefault(e => e.InvalidKey is null && e.Key.Equals(key, StringComparison.OrdinalIgnoreCase));
            node = entry?.Value;
        }

        return entry?.KeyPosition ?? tree.Position;
    }
}
