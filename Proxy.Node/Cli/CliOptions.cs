namespace Proxy.Node.Cli;

/// <summary>
/// What every CLI command that reads a running node takes: where its API is (<c>--api</c>), the
/// bearer token (<c>--token</c>), raw JSON instead of a table (<c>--json</c>), and its words.
/// </summary>
internal sealed record CliOptions(string Api, string? Token, bool Json, IReadOnlyList<string> Positional, string? Error)
{
    public const string DefaultApi = "127.0.0.1:8080";

    public static CliOptions Parse(IReadOnlyList<string> args)
    {
        var api = DefaultApi;
        var json = false;
        string? token = null;
        var positional = new List<string>();
        foreach (var arg in args)
        {
            if (arg.StartsWith("--api=", StringComparison.Ordinal))
            {
                api = arg["--api=".Length..];
            }
            else if (arg.StartsWith("--token=", StringComparison.Ordinal))
            {
                token = arg["--token=".Length..];
            }
            else if (arg == "--json")
            {
                json = true;
            }
            else if (arg.StartsWith("--", StringComparison.Ordinal))
            {
                return new CliOptions(api, token, json, positional, $"unknown option {arg}");
            }
            else
            {
                positional.Add(arg);
            }
        }

        return new CliOptions(api, token, json, positional, null);
    }

    /// <summary>A client for the node's API, without the machine's HTTP proxy (the node is local or on the cluster's network).</summary>
    public HttpClient CreateClient()
    {
        var client = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { BaseAddress = new Uri($"http://{Api}"), Timeout = TimeSpan.FromSeconds(10) };
        if (Token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", Token);
        }

        return client;
    }
}
