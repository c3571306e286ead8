namespace Proxy.Node.Cli;

/// <summary>The command line of <c>proxy-node cluster</c>, parsed; <see cref="Error"/> says what is wrong.</summary>
internal sealed record ClusterArguments(string Verb, string? Address, string Api, bool Json, string? Error)
{
    /// <summary>The management token, sent as a bearer token when given.</summary>
    public string? Token { get; init; }

    public static ClusterArguments Parse(IReadOnlyList<string> args)
    {
        var api = "127.0.0.1:8080";
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
                return new ClusterArguments("", null, api, json, $"unknown option {arg}");
            }
            else
            {
                positional.Add(arg);
            }
        }

        var parsed = positional switch
        {
            ["members"] => new ClusterArguments("members", null, api, json, null),
            ["leave" or "down", var address] => new ClusterArguments(positional[0], address, api, json, null),
            ["leave" or "down"] => new ClusterArguments(positional[0], null, api, json, $"{positional[0]} needs the member's address"),
            [] => new ClusterArguments("", null, api, json, "missing command"),
            _ => new ClusterArguments("", null, api, json, $"unknown command '{string.Join(' ', positional)}'"),
        };
        return parsed with { Token = token };
    }
}
