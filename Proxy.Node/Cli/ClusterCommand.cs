using System.Net.Http.Json;
using System.Text.Json;

namespace Proxy.Node.Cli;

/// <summary>
/// <c>proxy-node cluster members|leave|down</c>: the cluster API of a running node (its
/// <c>--api.address</c>), printed as a table or, with <c>--json</c>, as the API's JSON.
/// </summary>
public static class ClusterCommand
{
    public const string Usage = """
        usage: proxy-node cluster members [--api=<host:port>] [--token=<token>] [--json]
               proxy-node cluster leave <address> [--api=<host:port>] [--token=<token>]
               proxy-node cluster down <address> [--api=<host:port>] [--token=<token>]
               proxy-node cluster tls init|issue ... (proxy-node cluster tls for its usage)
        <address> is a member's akka.tcp://name@host:port or host:port; --api defaults to 127.0.0.1:8080
        (give the --management.address when the node has one), --token the node's --management.token.
        leave and down need a node started with --management.token or --management.readonly=false.
        """;

    public static bool Handles(IReadOnlyList<string> args) => args.Count > 0 && args[0] == "cluster";

    public static async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter output, TextWriter error)
    {
        var parsed = ClusterArguments.Parse(args.Skip(1).ToList());
        if (parsed.Error is not null)
        {
            await error.WriteLineAsync($"proxy-node cluster: {parsed.Error}\n{Usage}").ConfigureAwait(false);
            return 2;
        }

        using var client = parsed.Options.CreateClient();
        try
        {
            if (parsed.Verb == "members")
            {
                using var members = await client.GetAsync("/cluster/members").ConfigureAwait(false);
                var json = await members.Content.ReadAsStringAsync().ConfigureAwait(false);
                if (!members.IsSuccessStatusCode)
                {
                    await error.WriteLineAsync($"proxy-node cluster: {parsed.Api} answered {(int)members.StatusCode}: {json}").ConfigureAwait(false);
                    return 1;
                }

                await output.WriteAsync(parsed.Json ? json + "\n" : MembersTable.Render(json)).ConfigureAwait(false);
                return 0;
            }

            using var content = new FormUrlEncodedContent([KeyValuePair.Create("operation", parsed.Verb == "leave" ? "Leave" : "Down")]);
            using var response = await client.PutAsync($"/cluster/members/{Uri.EscapeDataString(parsed.Address!)}", content).ConfigureAwait(false);
            var body = await response.Content.ReadFromJsonAsync<JsonElement>().ConfigureAwait(false);
            var message = body.TryGetProperty("message", out var m) ? m.GetString() : body.ToString();
            await (response.IsSuccessStatusCode ? output : error).WriteLineAsync(message).ConfigureAwait(false);
            return response.IsSuccessStatusCode ? 0 : 1;
        }
        catch (HttpRequestException e)
        {
            await error.WriteLineAsync($"proxy-node cluster: cannot reach the node's API at {parsed.Api}: {e.Message} {e.InnerException?.Message}").ConfigureAwait(false);
            return 1;
        }
    }
}
