namespace Proxy.Node.Cli;

/// <summary>The command line of <c>proxy-node cluster</c>, parsed; <see cref="Error"/> says what is wrong.</summary>
internal sealed record ClusterArguments(string Verb, string? Address, string Api, bool Json, string? Error)
{
    /// <summary>The management token, sent as a bearer token when given.</summary>
    public string? Token { get; init; }

    /// <summary>The CA of an https:// API (<c>--cacert</c>).</summary>
    public string? CaCert { get; init; }

    public CliOptions Options => new(Api, Token, Json, [], null) { CaCert = CaCert };

    public static ClusterArguments Parse(IReadOnlyList<string> args)
    {
        var options = CliOptions.Parse(args);
        var (api, json) = (options.Api, options.Json);
        var positional = options.Positional;
        var parsed = options.Error is { } error
            ? new ClusterArguments("", null, api, json, error)
            : positional switch
            {
                ["members"] => new ClusterArguments("members", null, api, json, null),
                ["leave" or "down", var address] => new ClusterArguments(positional[0], address, api, json, null),
                ["leave" or "down"] => new ClusterArguments(positional[0], null, api, json, $"{positional[0]} needs the member's address"),
                [] => new ClusterArguments("", null, api, json, "missing command"),
                _ => new ClusterArguments("", null, api, json, $"unknown command '{string.Join(' ', positional)}'"),
            };
        return parsed with { Token = options.Token, CaCert = options.CaCert };
    }
}
