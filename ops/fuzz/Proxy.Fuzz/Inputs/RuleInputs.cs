namespace Proxy.Fuzz.Inputs;

/// <summary>Router rules: valid Traefik v3 rules, mutated.</summary>
public static class RuleInputs
{
    // How often a fragment may repeat. The rule parser limits nesting to 64 and says so; 200
    // parentheses in a row check that limit without growing a rule past what a label holds.
    public const int MaxRepeat = 200;

    public static readonly IReadOnlyList<string> Seeds =
    [
        "Host(`example.com`)",
        "Host(`app.localhost`) && PathPrefix(`/api`)",
        "Path(`/health`) || Path(`/ready`)",
        "!Method(`POST`)",
        "(Host(`a.com`) || Host(`b.com`)) && !PathPrefix(`/admin`)",
        "Header(`X-Env`, `blue`) && Query(`debug`)",
        "Query(`page`, `2`)",
        "HeaderRegexp(`User-Agent`, `^curl/[0-9.]+$`)",
        "HostRegexp(`^[a-z]+\\.example\\.com$`)",
        "PathRegexp(`^/api/v[0-9]+/`)",
        "QueryRegexp(`id`, `^[0-9]+$`)",
        "ClientIP(`10.0.0.0/8`) || ClientIP(`::1`)",
        "Method(`GET`) && Host(`x.y`) && Path(`/a`) && Header(`A`, `b`)",
        "Host(\"quoted.example\")",
        "Host('single.example')",
    ];

    public static readonly IReadOnlyList<string> Delimiters =
        ["(", ")", "`", "\"", "'", ",", "&&", "||", "!", "&", "|", " ", "\\", "[", "]", "{", "}", "*", "+", "?", "^", "$", ".", "/", ":", "%", "\t"];

    public static readonly IReadOnlyList<string> Fragments =
        ["(", ")", "!", "Host(`a`) && ", "Path(`/a`) || ", "`", "((", "a", "/", "(a+)", ".*", "\\", "[", "::", "255."];

    public static string Next(Mutator mutator) =>
        mutator.Mutate(mutator.Pick(Seeds), Delimiters, Fragments, MaxRepeat);
}
