using System.Reflection;
using System.Text;

namespace Proxy.Node.Hosting;

/// <summary><c>--help</c> and <c>--version</c> text, rendered from <see cref="StaticOptions.All"/> so it cannot drift.</summary>
public static class StaticConfigHelp
{
    private const int Width = 100;
    private const string Indent = "      ";

    public static string Render()
    {
        var text = new StringBuilder();
        text.Append("Usage: proxy-node [--key=value | --key value | --flag] ...\n\n");
        Wrap(text, "", "Options come from, lowest to highest precedence: defaults, the YAML file named by "
            + "--configfile (Traefik's static configuration shape, keys case-insensitive), environment variables "
            + "PROXY_<KEY> (the key upper-cased with '_' between segments), and flags. Keys are case-insensitive; "
            + "<name> is a name of your choosing made of letters, digits, '_' and '-'.");
        text.Append("\nOptions:\n");

        foreach (var option in StaticOptions.All)
        {
            text.Append("  --").Append(option.Key).Append(Placeholder(option)).Append('\n');
            Wrap(text, Indent, option.Description);
            var env = ConfigOrigin.Environment("").Spell(option.Key)
                .Replace("<NAME>", "<name>", StringComparison.Ordinal).Replace("<N>", "<n>", StringComparison.Ordinal);
            var defaults = $"{Indent}default: {option.Default ?? "(none)"}";
            // A long default (a URL) and a long variable name go on two lines rather than past the width.
            text.Append(defaults).Append(defaults.Length + 8 + env.Length > Width ? $"\n{Indent}" : "   ")
                .Append("env: ").Append(env).Append('\n');
        }

        text.Append("  ").Append(string.Join(", ", StaticConfigLoader.HelpFlags)).Append('\n');
        Wrap(text, Indent, "Show this help and exit.");
        text.Append("  ").Append(StaticConfigLoader.VersionFlag).Append('\n');
        Wrap(text, Indent, "Show the version and exit.");

        // The same binary inspects and steers a running node: a newcomer finds that here, not only in docs/.
        text.Append("\nCommands (against a running node's API, then exit):\n");
        foreach (var line in $"{Cli.InspectCommand.Usage}\n{Cli.ClusterCommand.Usage}\n{Cli.HealthcheckCommand.Usage}".Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            text.Append("  ").Append(line.TrimEnd()).Append('\n');
        }

        // What a supervisor and logrotate need to know, where the operator who sets them up looks first.
        text.Append("\nSignals:\n");
        text.Append("  SIGTERM, SIGINT, SIGQUIT  leave the cluster, drain (lifecycle.*), exit 0\n");
        text.Append("  SIGHUP                    re-read the file provider's file\n");
        text.Append("  SIGUSR1                   reopen the access log file (after logrotate moved it)\n");
        text.Append("  SIGPIPE                   ignored\n");
        text.Append("\nExit codes (any but 0: restart the node, and it rejoins its cluster):\n");
        foreach (var (code, meaning) in new[]
        {
            (ExitCodes.Stopped, "stopped by a signal"),
            (ExitCodes.CannotListen, "cannot listen on an address"),
            (ExitCodes.InvalidConfiguration, "invalid static configuration"),
            (ExitCodes.Downed, "downed by the cluster (split-brain resolver or an operator's Down)"),
            (ExitCodes.Removed, "removed from the cluster after a Leave asked through the API"),
            (ExitCodes.ActorSystemStopped, "the actor system stopped for another reason"),
        })
        {
            text.Append("  ").Append(code).Append("  ").Append(meaning).Append('\n');
        }

        return text.ToString();
    }

    public static string Version()
    {
        var assembly = typeof(StaticConfigHelp).Assembly;
        var version = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
            ?? assembly.GetName().Version?.ToString()
            ?? "unknown";
        return $"proxy-node {version}";
    }

    private static string Placeholder(StaticOption option) => option.Kind switch
    {
        OptionKind.Bool => "[=true|false]",
        OptionKind.Int => "=<number>",
        OptionKind.Duration => "=<duration>",
        OptionKind.Address => "=<[host]:port>",
        OptionKind.Enum => $"=<{string.Join('|', option.Choices)}>",
        OptionKind.Host => "=<address>",
        OptionKind.EndpointList => "=<endpoint>[,<endpoint>...]",
        OptionKind.AddressList => "=<host:port>[,<host:port>...]",
        OptionKind.NameList => "=<name>[,<name>...]",
        OptionKind.HostList => "=<host>[,<host>...]",
        OptionKind.NetworkList => "=<ip|cidr>[,<ip|cidr>...]",
        OptionKind.FileList => "=<file>[,<file>...]",
        OptionKind.Domain => "=<domain>",
        OptionKind.DomainList => "=<domain>[,<domain>...]",
        _ => "=<value>",
    };

    private static void Wrap(StringBuilder text, string indent, string words)
    {
        var line = new StringBuilder(indent);
        foreach (var word in words.Split(' '))
        {
            if (line.Length > indent.Length && line.Length + 1 + word.Length > Width)
            {
                text.Append(line).Append('\n');
                line.Clear().Append(indent);
            }

            if (line.Length > indent.Length)
            {
                line.Append(' ');
            }

            line.Append(word);
        }

        text.Append(line).Append('\n');
    }
}
