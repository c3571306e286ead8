using System.Collections.Immutable;
using Proxy.Actors.Model;

namespace Proxy.Node.Hosting;

/// <summary>
/// Reads command-line flags: <c>--key=value</c>, <c>--key value</c>, and a bare <c>--flag</c> meaning true
/// for booleans. Keys are case-insensitive; a flag given twice keeps its last value, as later sources win,
/// except a list option's, which accumulates (<c>--providers.docker.endpoint</c> once per Docker host).
/// </summary>
public static class FlagSource
{
    public static SourceResult Read(IReadOnlyList<string> args)
    {
        var values = ImmutableDictionary.CreateBuilder<string, ConfigValue>();
        var errors = ImmutableArray.CreateBuilder<ConfigError>();

        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (StaticConfigLoader.IsMetaFlag(arg))
            {
                continue;
            }

            if (!arg.StartsWith("--", StringComparison.Ordinal) || arg.Length == 2 || arg[2] == '=')
            {
                errors.Add(new ConfigError($"argument {arg}", "",
                    $"unexpected argument \"{arg}\": options are written --key=value (see --help)"));
                continue;
            }

            var body = arg[2..];
            var equals = body.IndexOf('=');
            var written = equals < 0 ? body : body[..equals];
            var key = written.ToLowerInvariant();
            var origin = ConfigOrigin.Flag(written);

            string value;
            if (equals >= 0)
            {
                value = body[(equals + 1)..];
            }
            else if (StaticOptions.Find(key, out _) is { Kind: OptionKind.Bool })
            {
                // A bare boolean never takes the next argument, so `--providers.file.watch --log.level=DEBUG` reads as meant.
                value = "true";
            }
            else if (i + 1 < args.Count && !args[i + 1].StartsWith("--", StringComparison.Ordinal))
            {
                value = args[++i];
            }
            else if (StaticOptions.Find(key, out _) is null)
            {
                // Unknown and bare: keep it so the validator reports it once, with a suggestion.
                value = "";
            }
            else
            {
                errors.Add(new ConfigError(origin.Description, key,
                    $"{origin.Spelling} needs a value: write {origin.Spelling}=<value> or {origin.Spelling} <value>"));
                continue;
            }

            if (values.TryGetValue(key, out var earlier) && StaticOptions.Find(key, out _) is { } option && option.Kind.IsList())
            {
                values[key] = earlier with { Value = OptionList.Append(earlier.Value, value) };
                continue;
            }

            values[key] = new ConfigValue(value, origin);
        }

        return new SourceResult(values.ToImmutable(), errors.ToImmutable());
    }
}
