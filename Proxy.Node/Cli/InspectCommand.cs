namespace Proxy.Node.Cli;

/// <summary>
/// <c>proxy-node routers|services|certificates|errors</c>: what a running node serves, read from its API (its
/// <c>--api.address</c>) and printed as a table or, with <c>--json</c>, as the API's JSON. The
/// services table has a row per server with its health, source (Docker host and container, or
/// file) and, in a cluster, the nodes that discovered it.
/// </summary>
public static class InspectCommand
{
    public const string Usage = """
        usage: proxy-node routers  [--api=<host:port>] [--token=<token>] [--json]
               proxy-node services [--api=<host:port>] [--token=<token>] [--json]
               proxy-node certificates [--api=<host:port>] [--token=<token>] [--json]
               proxy-node errors   [--api=<host:port>] [--token=<token>] [--json]
        --api defaults to 127.0.0.1:8080, the node's --api.address; https://host:port for a node
        started with --api.tls.certfile, with --cacert=<ca.crt> naming the CA that signed it.
        """;

    private static readonly Dictionary<string, (string Path, Func<string, string> Table)> Commands = new(StringComparer.Ordinal)
    {
        ["routers"] = ("/api/http/routers", ConfigurationTables.Routers),
        ["services"] = ("/api/http/services", ConfigurationTables.Services),
        ["certificates"] = ("/api/tls/certificates", ConfigurationTables.Certificates),
        ["errors"] = ("/api/errors", ConfigurationTables.Errors),
    };

    public static bool Handles(IReadOnlyList<string> args) => args.Count > 0 && Commands.ContainsKey(args[0]);

    public static async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter output, TextWriter error)
    {
        var command = args[0];
        var options = CliOptions.Parse(args.Skip(1).ToList());
        var problem = options.Error ?? (options.Positional.Count > 0 ? $"unexpected '{string.Join(' ', options.Positional)}'" : null);
        if (problem is not null)
        {
            await error.WriteLineAsync($"proxy-node {command}: {problem}\n{Usage}").ConfigureAwait(false);
            return 2;
        }

        var (path, table) = Commands[command];
        using var client = options.CreateClient();
        try
        {
            using var response = await client.GetAsync(path).ConfigureAwait(false);
            var json = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                await error.WriteLineAsync($"proxy-node {command}: {options.Api} answered {(int)response.StatusCode} to {path}: {json}").ConfigureAwait(false);
                return 1;
            }

            await output.WriteAsync(options.Json ? json + "\n" : table(json)).ConfigureAwait(false);
            return 0;
        }
        catch (HttpRequestException e)
        {
            await error.WriteLineAsync($"proxy-node {command}: cannot reach the node's API at {options.Api}: {e.Message} {e.InnerException?.Message}").ConfigureAwait(false);
            return 1;
        }
        catch (TaskCanceledException)
        {
            await error.WriteLineAsync($"proxy-node {command}: the node's API at {options.Api} did not answer within 10 s").ConfigureAwait(false);
            return 1;
        }
    }
}
