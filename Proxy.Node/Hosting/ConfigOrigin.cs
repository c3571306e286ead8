namespace Proxy.Node.Hosting;

/// <summary>Which source a static value came from; later kinds override earlier ones.</summary>
public enum ConfigSourceKind
{
    Default,
    File,
    Environment,
    Flag,
}

/// <summary>
/// Where one value was written, kept with the value so that every error can point the operator at the
/// exact flag, variable or file line, spelled the way they wrote it.
/// </summary>
public sealed record ConfigOrigin(ConfigSourceKind Kind, string Spelling, string? File = null, int Line = 0)
{
    public const string EnvironmentPrefix = "PROXY_";

    public static ConfigOrigin Default(string key) => new(ConfigSourceKind.Default, key);

    public static ConfigOrigin Flag(string key) => new(ConfigSourceKind.Flag, "--" + key);

    public static ConfigOrigin Environment(string variable) => new(ConfigSourceKind.Environment, variable);

    public static ConfigOrigin InFile(string file, int line, string key) => new(ConfigSourceKind.File, key, file, line);

    /// <summary>Short description such as <c>flag --api.address</c> or <c>file proxy.yml line 3</c>.</summary>
    public string Description => Kind switch
    {
        ConfigSourceKind.Flag => $"flag {Spelling}",
        ConfigSourceKind.Environment => $"env {Spelling}",
        ConfigSourceKind.File => $"file {File} line {Line}",
        _ => "default",
    };

    /// <summary>The option as a message names it: the flag or variable itself, or the key and its place in the file.</summary>
    public string Named => Kind switch
    {
        ConfigSourceKind.File => $"{Spelling} in {File} line {Line}",
        ConfigSourceKind.Default => $"{Spelling} (default)",
        _ => Spelling,
    };

    /// <summary>Spells a canonical dotted key in this source's syntax, for suggestions the operator can paste.</summary>
    public string Spell(string key) => Kind switch
    {
        ConfigSourceKind.Flag => "--" + key,
        // A list index is a segment of its own in a variable: domains[0] is DOMAINS_0.
        ConfigSourceKind.Environment => EnvironmentPrefix + key.Replace("]", "", StringComparison.Ordinal).Replace('[', '_').Replace('.', '_').ToUpperInvariant(),
        _ => key,
    };
}
