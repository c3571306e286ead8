using System.Globalization;
using Proxy.Fuzz;
using Proxy.Fuzz.Inputs;
using Proxy.Fuzz.Targets;

// The long fuzz runs, by hand: README.md says how. Exit code 0 when nothing was found.
var options = Arguments.Parse(args);
if (options is null)
{
    Console.Error.WriteLine(Arguments.Usage);
    return 2;
}

var failed = false;
foreach (var target in options.Targets)
{
    FuzzReport report;
    if (target == "http")
    {
        await using var node = await HttpNode.StartAsync(options.Node);
        var http = new RawHttpTarget(node.EntryPoint);
        report = FuzzRun.Run(target, options.Seed, options.Count, options.Duration, HttpInputs.Next, http.Check, maxFailures: 20);
        Console.WriteLine($"http statuses: {string.Join(", ", http.Statuses.Select(s => $"{s.Key}: {s.Value}"))}; closed without a response: {http.ClosedWithoutResponse}");
        if (!await node.ServesAsync())
        {
            failed = true;
            Console.WriteLine("http: the node no longer serves / and /fwd after the run");
        }
    }
    else
    {
        Func<Mutator, string> next = target switch { "rules" => RuleInputs.Next, "labels" => LabelInputs.Next, _ => YamlInputs.Next };
        Func<string, FuzzRun.Outcome> check = target switch { "rules" => RuleTarget.Check, "labels" => LabelTarget.Check, _ => YamlTarget.Check };
        report = FuzzRun.Run(target, options.Seed, options.Count, options.Duration, next, check, maxFailures: 20);
    }

    Console.WriteLine(report);
    failed |= !report.Passed;
}

return failed ? 1 : 0;

internal sealed record Arguments(IReadOnlyList<string> Targets, int Seed, long Count, TimeSpan Duration, string Node)
{
    public const string Usage = """
        usage: Proxy.Fuzz <rules|labels|yaml|http|all> [--seed N] [--count N] [--duration 10m] [--node PATH]
          --seed      the generator's seed (default 1); input n of seed s is the same on every machine
          --count     inputs per target (default 1000000)
          --duration  time per target, whichever ends first (default 10m; s, m or h)
          --node      the proxy-node binary for the http target (default: Proxy.Node's Release build)
        """;

    private static readonly string[] All = ["rules", "labels", "yaml", "http"];

    public static Arguments? Parse(string[] args)
    {
        if (args.Length == 0 || !(All.Contains(args[0]) || args[0] == "all"))
        {
            return null;
        }

        var parsed = new Arguments(args[0] == "all" ? All : [args[0]], 1, 1_000_000, TimeSpan.FromMinutes(10), DefaultNode());
        for (var i = 1; i < args.Length; i += 2)
        {
            if (i + 1 >= args.Length)
            {
                return null;
            }

            var value = args[i + 1];
            parsed = args[i] switch
            {
                "--seed" when int.TryParse(value, CultureInfo.InvariantCulture, out var seed) => parsed with { Seed = seed },
                "--count" when long.TryParse(value, CultureInfo.InvariantCulture, out var count) && count > 0 => parsed with { Count = count },
                "--duration" when ParseDuration(value) is { } duration => parsed with { Duration = duration },
                "--node" => parsed with { Node = value },
                _ => null,
            };
            if (parsed is null)
            {
                return null;
            }
        }

        return parsed;
    }

    private static TimeSpan? ParseDuration(string text) =>
        text.Length > 1 && double.TryParse(text[..^1], CultureInfo.InvariantCulture, out var amount) && amount > 0
            ? text[^1] switch { 's' => TimeSpan.FromSeconds(amount), 'm' => TimeSpan.FromMinutes(amount), 'h' => TimeSpan.FromHours(amount), _ => null }
            : null;

    // ops/fuzz/Proxy.Fuzz/bin/<config>/net10.0 -> the repository root, then Proxy.Node's Release output.
    private static string DefaultNode()
    {
        var root = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../../../.."));
        var output = Path.Combine(root, "Proxy.Node/bin/Release/net10.0");
        var apphost = Path.Combine(output, "proxy-node");
        return File.Exists(apphost) ? apphost : Path.Combine(output, "proxy-node.dll");
    }
}
