using System.Collections.Immutable;
using Proxy.Actors.Configuration.Schema;

namespace Proxy.Discovery.Labels;

/// <summary>
/// Reads the labels under <c>&lt;prefix&gt;.</c> with Traefik's grammar into configuration, through the
/// same declared fields as the YAML file provider (<see cref="LabelConfig.Schema"/>).
/// Labels of any other prefix are ignored.
/// </summary>
/// <remarks>
/// Keys match case-insensitively, as in Traefik (its label decoder merges nodes with
/// <c>strings.EqualFold</c>): <c>proxy.HTTP.Routers.web.Rule</c> sets the rule of <c>web</c>.
/// Router, service and middleware names are case-insensitive within one container, and the name
/// keeps the spelling of the first label in ordinal order, which is what Traefik does too: labels
/// <c>traefik.http.routers.Web.rule</c> and <c>traefik.http.routers.web.entrypoints</c> make one
/// router named <c>Web</c> (upper case sorts first). Header names keep their spelling as written.
/// Lists are comma-separated values (<c>entrypoints=web,websecure</c>) or items by index
/// (<c>prefixes[0]=/a</c>, <c>prefixes[1]=/b</c>), which lets an item hold a comma.
/// </remarks>
public static class LabelParser
{
    public static LabelParseResult Parse(IEnumerable<KeyValuePair<string, string>> labels, string prefix)
    {
        // Ordinal order decides which spelling of a name is kept, so it must not depend on the caller.
        var tree = LabelKeyTree.From(labels.OrderBy(l => l.Key, StringComparer.Ordinal), prefix);
        var (rest, servers) = ServerLabelsSplit.Split(tree);
        var decoded = SchemaDecoder.Decode(LabelConfig.Schema, rest, DecodeOptions.Labels);
        var (config, refused) = NodeFileLabels.Refuse(decoded.Value, rest);
        (config, var fileOnly) = FileOnlyServices.Refuse(config, rest);
        var errors = decoded.Errors.Concat(refused).Concat(fileOnly).ToList();
        var serverLabels = LabelConfig.Empty.Servers.ToBuilder();
        foreach (var (service, node) in servers)
        {
            var path = $"http.services.{service}.loadBalancer.server";
            var server = SchemaDecoder.Decode(ServerLabels.Schema, node, DecodeOptions.Labels, path);
            var serverErrors = server.Errors.Concat(Checked(server.Value, node, path)).ToList();
            if (serverErrors.Count == 0)
            {
                if (config.Config.Services.ContainsKey(service))
                {
                    serverLabels[service] = server.Value;
                }

                continue;
            }

            // The server is part of its service: a service without the server its labels describe would route elsewhere.
            errors.AddRange(serverErrors.Select(e => e with { Problem = $"{e.Message}; service '{service}' is left out", Ignored = false }));
            config = config with { Config = config.Config with { Services = config.Config.Services.Remove(service) } };
        }

        var leftOutRouters = Declared(rest, "routers").Where(name => !config.Config.Routers.ContainsKey(name)).ToList();
        var leftOutServices = Declared(rest, "services").Where(name => !config.Config.Services.ContainsKey(name)).ToList();
        var leftOutMiddlewares = Declared(rest, "middlewares").Where(name => !config.Config.Middlewares.ContainsKey(name)).ToList();
        string[] leftOut =
        [
            .. leftOutRouters.Select(name => $"http.routers.{name}"),
            .. leftOutServices.Select(name => $"http.services.{name}"),
            .. leftOutMiddlewares.Select(name => $"http.middlewares.{name}"),
        ];

        var problems = errors.Select(e => Problem(e, prefix, !leftOut.Any(path => Under(e.Path, path))));
        return new LabelParseResult(
            config with { Servers = serverLabels.ToImmutable() },
            [.. problems],
            RoutersLeftOut: leftOutRouters.Count > 0,
            ServicesLeftOut: leftOutServices.Count > 0);
    }

    /// <summary>The declared checks of the server labels (the port's range), each pointing at its label.</summary>
    private static IEnumerable<DecodeError> Checked(ServerLabels server, KeyNode node, string path) =>
        SchemaValidation.Check(ServerLabels.Schema, server).Select(problem => new DecodeError(
            $"{path}.{problem.SubPath}",
            (node as MappingNode)?.Entries.FirstOrDefault(e => problem.SubPath.Equals(e.Key, StringComparison.OrdinalIgnoreCase))?.KeyPosition ?? node.Position,
            problem.Message));

    /// <summary>The names under <c>http.&lt;kind&gt;</c> as the tree holds them, whether or not they decoded.</summary>
    private static IEnumerable<string> Declared(MappingNode root, string kind) =>
        Entry(root, "http") is MappingNode http && Entry(http, kind) is MappingNode names
            ? names.Entries.Where(e => e.InvalidKey is null).Select(e => e.Key)
            : [];

    private static KeyNode? Entry(MappingNode node, string key) =>
        node.Entries.FirstOrDefault(e => e.InvalidKey is null && e.Key.Equals(key, StringComparison.OrdinalIgnoreCase))?.Value;

    private static bool Under(string path, string objectPath) =>
        path == objectPath || (path.StartsWith(objectPath, StringComparison.Ordinal) && path[objectPath.Length] is '.' or '[');

    private static LabelProblem Problem(DecodeError error, string prefix, bool leavesOutContainer)
    {
        var label = error.Position is KeyPosition.Label at ? at.Key : prefix;

        // A key the decoder ignores (a section we do not serve) is ignored by the file provider; a container
        // with such a label is left out instead, which the translator says.
        var message = leavesOutContainer && error.Ignored ? error.Problem : error.Message;
        return new LabelProblem(label, error.Path, message, leavesOutContainer);
    }
}
