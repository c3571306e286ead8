using System.Collections.Immutable;
using Proxy.Actors.Model;
using Proxy.Discovery.Yaml;

namespace Proxy.Node.Hosting;

/// <summary>
/// Builds the node's static configuration from defaults, the optional YAML file, <c>PROXY_*</c> variables
/// and flags, later sources winning. The environment and file reading are passed in so tests need no globals.
/// </summary>
public static class StaticConfigLoader
{
    public const string VersionFlag = "--version";

    public static ImmutableArray<string> HelpFlags { get; } = ["--help", "-h"];

    public static bool WantsHelp(IReadOnlyList<string> args) => args.Any(arg => HelpFlags.Contains(arg));

    public static bool WantsVersion(IReadOnlyList<string> args) => args.Contains(VersionFlag);

    /// <summary>Help and version are answered before loading and are not configuration, so sources skip them.</summary>
    public static bool IsMetaFlag(string arg) => HelpFlags.Contains(arg) || arg == VersionFlag;

    public static StaticConfigResult Load(IReadOnlyList<string> args, IReadOnlyDictionary<string, string> environment) =>
        Load(args, environment, path => BoundedYaml.ReadFile(path, YamlLimits.StaticFile));

    public static StaticConfigResult Load(
        IReadOnlyList<string> args,
        IReadOnlyDictionary<string, string> environment,
        Func<string, string> readFile) =>
        Load(args, environment, readFile, HostNetwork.System);

    public static StaticConfigResult Load(
        IReadOnlyList<string> args,
        IReadOnlyDictionary<string, string> environment,
        Func<string, string> readFile,
        HostNetwork host)
    {
        var sources = ReadSources(args, environment, readFile);
        var merged = ConfigLayers.Merge(sources);
        var errors = sources.SelectMany(source => source.Errors)
            .Concat(StaticConfigValidator.Validate(merged, host))
            .ToImmutableArray();
        var warnings = sources.SelectMany(source => source.Warnings).ToImmutableArray();
        return errors.IsEmpty
            ? StaticConfigResult.Success(StaticConfigBinder.Bind(merged)) with { Warnings = warnings }
            : StaticConfigResult.Failure(errors) with { Warnings = warnings };
    }

    /// <summary>
    /// Every source as read, lowest first (defaults, the file, <c>PROXY_*</c>, flags), unchecked: for
    /// <see cref="Load(IReadOnlyList{string}, IReadOnlyDictionary{string, string}, Func{string, string})"/>
    /// and for a command that needs a few options only and must not fail on the others (the healthcheck).
    /// </summary>
    public static ImmutableArray<SourceResult> ReadSources(
        IReadOnlyList<string> args,
        IReadOnlyDictionary<string, string> environment,
        Func<string, string> readFile)
    {
        var flags = FlagSource.Read(args);
        var variables = EnvironmentSource.Read(environment);
        var file = ReadConfigFile(flags, variables, readFile);
        return [DefaultSource.Read(), file, variables, flags];
    }

    private static SourceResult ReadConfigFile(SourceResult flags, SourceResult variables, Func<string, string> readFile)
    {
        // The file cannot name itself, so only the two sources above it can say where it is.
        var given = flags.Values.GetValueOrDefault(StaticOptions.ConfigFile)
            ?? variables.Values.GetValueOrDefault(StaticOptions.ConfigFile);
        if (given is null || given.Value.Length == 0)
        {
            return SourceResult.Empty;
        }

        var path = given.Value;
        string text;
        try
        {
            text = readFile(path);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return Failed(given, $"configuration file \"{path}\" given by {given.Origin.Named} does not exist");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return Failed(given, $"configuration file \"{path}\" given by {given.Origin.Named} cannot be read: {ex.Message}");
        }

        var file = YamlFileSource.Parse(text, path);
        if (file.Values.TryGetValue(StaticOptions.ConfigFile, out var nested))
        {
            var error = new ConfigError(nested.Origin.Description, StaticOptions.ConfigFile,
                $"{nested.Origin.Named}: the configuration file cannot name another one; "
                + $"use --{StaticOptions.ConfigFile} or {ConfigOrigin.EnvironmentPrefix}{StaticOptions.ConfigFile.ToUpperInvariant()}");
            return new SourceResult(file.Values.Remove(StaticOptions.ConfigFile), file.Errors.Add(error));
        }

        return file;
    }

    private static SourceResult Failed(ConfigValue given, string message) =>
        new(ImmutableDictionary<string, ConfigValue>.Empty,
            [new ConfigError(given.Origin.Description, StaticOptions.ConfigFile, message)]);
}
