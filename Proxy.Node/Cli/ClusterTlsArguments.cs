using System.Collections.Immutable;
using System.Text.RegularExpressions;

namespace Proxy.Node.Cli;

/// <summary>The command line of <c>proxy-node cluster tls init|issue</c>, parsed; <see cref="Error"/> says what is wrong.</summary>
internal sealed partial record ClusterTlsArguments(string Verb, string Directory, string? NodeName, ImmutableArray<string> Sans, string? Error)
{
    public static ClusterTlsArguments Parse(IReadOnlyList<string> args)
    {
        var sans = ImmutableArray.CreateBuilder<string>();
        var positional = new List<string>();
        foreach (var arg in args)
        {
            if (arg.StartsWith("--san=", StringComparison.Ordinal))
            {
                sans.AddRange(arg["--san=".Length..].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
            }
            else if (arg.StartsWith("--", StringComparison.Ordinal))
            {
                return Invalid($"unknown option {arg}");
            }
            else
            {
                positional.Add(arg);
            }
        }

        return positional switch
        {
            ["init", var directory] when sans.Count == 0 => new ClusterTlsArguments("init", directory, null, [], null),
            ["init", _] => Invalid("init takes no --san (it makes the CA; give --san to issue)"),
            ["init"] => Invalid("init needs the directory to write the CA into"),
            ["issue", var directory, var node] when !NodeNameSyntax().IsMatch(node) =>
                Invalid($"node name '{node}' is not usable as a file name: use letters, digits, '.', '_' and '-' (at most 64)"),
            ["issue", var directory, var node] => new ClusterTlsArguments("issue", directory, node, sans.ToImmutable(), null),
            ["issue", ..] => Invalid("issue needs the CA's directory and the node's name"),
            [] => Invalid("missing command"),
            _ => Invalid($"unknown command '{string.Join(' ', positional)}'"),
        };
    }

    private static ClusterTlsArguments Invalid(string error) => new("", "", null, [], error);

    [GeneratedRegex("^[A-Za-z0-9_-][A-Za-z0-9._-]{0,63}$")]
    private static partial Regex NodeNameSyntax();
}
