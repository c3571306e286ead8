using System.Collections.Immutable;
using Proxy.Actors.Model.Config;

namespace Proxy.Discovery.Labels;

/// <summary>
/// The state of one <see cref="LabelParser.Parse"/> call: what the labels read so far declare.
/// Everything is kept as immutable records updated with <c>with</c>; only the dictionaries that
/// collect them are mutable, and they never leave this object.
/// </summary>
internal sealed partial class LabelReader(string prefix)
{
    private static readonly string[] TopFields = ["enable", "docker.network", "http.routers", "http.services", "http.middlewares"];
    private static readonly string[] RouterFields = ["rule", "entrypoints", "middlewares", "service", "priority"];

    private readonly List<LabelProblem> _problems = [];

    /// <summary>Labels already read, by key ignoring case: two spellings of one key would leave the winner to chance.</summary>
    private readonly Dictionary<string, string> _seen = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Per kind, each name ignoring case to the spelling kept (the first seen).</summary>
    private readonly Dictionary<string, Dictionary<string, string>> _names = new(StringComparer.Ordinal);

    private readonly Dictionary<string, RouterConfig> _routers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, LoadBalancerConfig> _services = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ServerLabels> _servers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, MiddlewareConfig> _middlewares = new(StringComparer.Ordinal);
    private bool? _enable;
    private string? _network;

    public void Read(string label, string value)
    {
        if (label.Length <= prefix.Length + 1
            || !label.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)
            || label[prefix.Length] != '.')
        {
            return;
        }

        var parts = label[(prefix.Length + 1)..].Split('.');
        if (parts.Any(part => part.Length == 0))
        {
            Report(label, Lower(parts), "a label key cannot have an empty part (two dots in a row, or a dot at the end)");
            return;
        }

        if (_seen.TryGetValue(label, out var first))
        {
            Report(label, Lower(parts), $"given twice (also as label {first}); keys are case-insensitive");
            return;
        }

        _seen[label] = label;
        switch (parts[0].ToLowerInvariant())
        {
            case "enable" when parts.Length == 1:
                if (LabelValues.TryBool(value, out var enabled, out var problem))
                {
                    _enable = enabled;
                }
                else
                {
                    Report(label, "enable", problem);
                }

                break;
            case "docker" when parts.Length == 2 && parts[1].Equals("network", StringComparison.OrdinalIgnoreCase):
                _network = value;
                break;
            case "http" when parts.Length >= 3:
                ReadHttp(label, value, parts);
                break;
            case "tcp" or "udp" or "tls":
                Report(label, Lower(parts), $"'{parts[0]}' configuration is not supported (only http is)");
                break;
            default:
                Unknown(label, Lower(parts), string.Join('.', parts), TopFields);
                break;
        }
    }

    public LabelParseResult Result()
    {
        var config = DynamicConfig.Empty;

        // Starting from the contract's empty dictionaries keeps their key comparer.
        config = config with
        {
            Routers = config.Routers.AddRange(_routers),
            Services = config.Services.AddRange(_services.Select(s => KeyValuePair.Create(s.Key, new ServiceConfig(s.Value)))),
            Middlewares = config.Middlewares.AddRange(_middlewares),
        };
        var result = new LabelConfig(_enable, _network, config, LabelConfig.Empty.Servers.AddRange(_servers));
        return new LabelParseResult(result, [.. _problems]);
    }

    private void ReadHttp(string label, string value, string[] parts)
    {
        var rest = parts[3..];
        switch (parts[1].ToLowerInvariant())
        {
            case "routers":
                ReadRouter(label, value, Name("routers", parts[2]), rest);
                break;
            case "services":
                ReadService(label, value, Name("services", parts[2]), rest);
                break;
            case "middlewares":
                ReadMiddleware(label, value, Name("middlewares", parts[2]), rest);
                break;
            default:
                Unknown(label, Lower(parts), string.Join('.', parts), TopFields);
                break;
        }
    }

    private void ReadRouter(string label, string value, string name, string[] rest)
    {
        var path = $"http.routers.{name}";
        var field = Lower(rest);
        var router = _routers.GetValueOrDefault(name) ?? new RouterConfig(null, [], [], null, null);
        switch (field)
        {
            case "rule":
                router = router with { Rule = value };
                break;
            case "entrypoints":
                router = router with { EntryPoints = LabelValues.List(value) };
                break;
            case "middlewares":
                router = router with { Middlewares = LabelValues.List(value) };
                break;
            case "service":
                router = router with { Service = value.Trim() };
                break;
            case "priority":
                if (!LabelValues.TryInt(value, out var priority, out var problem))
                {
                    Report(label, $"{path}.priority", problem);
                    return;
                }

                router = router with { Priority = priority };
                break;
            case "tls" or "observability" or "rulesyntax":
            case var _ when field.StartsWith("tls.", StringComparison.Ordinal) || field.StartsWith("observability.", StringComparison.Ordinal):
                Report(label, $"{path}.{field}", $"router field '{string.Join('.', rest)}' is not supported");
                return;
            default:
                Unknown(label, Join(path, field), string.Join('.', rest), RouterFields);
                return;
        }

        _routers[name] = router;
    }

    /// <summary>The spelling kept for a name of one kind: the first seen, ignoring case.</summary>
    private string Name(string kind, string name)
    {
        if (!_names.TryGetValue(kind, out var kept))
        {
            kept = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            _names[kind] = kept;
        }

        if (!kept.TryGetValue(name, out var spelling))
        {
            spelling = name;
            kept[name] = spelling;
        }

        return spelling;
    }

    private void Report(string label, string path, string problem) => _problems.Add(new LabelProblem(label, path, problem));

    private void Unknown(string label, string path, string written, IEnumerable<string> expected) =>
        Report(label, path, written.Length == 0
            ? $"missing field (expected one of: {string.Join(", ", expected)})"
            : $"unknown field '{written}' (expected one of: {string.Join(", ", expected)})");

    private static string Lower(IEnumerable<string> parts) => string.Join('.', parts).ToLowerInvariant();

    private static string Join(string path, string field) => field.Length == 0 ? path : $"{path}.{field}";
}
