using System.Collections;
using Proxy.Node;
using Proxy.Node.Hosting;

// Composition only: read the static configuration, then run the node (or print help/version).

// YARP copies each body through a 64 KiB buffer from the shared ArrayPool, which keeps only 32
// per size and core by default: with 100 transfers in flight the rest become garbage that survives
// into gen1 and inflates peak RSS. The pool reads this once, before its first use, so it is set here.
if (Environment.GetEnvironmentVariable("DOTNET_SYSTEM_BUFFERS_SHAREDARRAYPOOL_MAXARRAYSPERPARTITION") is null)
{
    Environment.SetEnvironmentVariable("DOTNET_SYSTEM_BUFFERS_SHAREDARRAYPOOL_MAXARRAYSPERPARTITION", "128");
}

var environment = Environment.GetEnvironmentVariables()
    .Cast<DictionaryEntry>()
    .ToDictionary(e => (string)e.Key, e => (string?)e.Value ?? string.Empty);

if (Proxy.Node.Cli.HealthcheckCommand.Handles(args))
{
    return await Proxy.Node.Cli.HealthcheckCommand.RunAsync(args, environment, Console.Out, Console.Error);
}

if (Proxy.Node.Cli.ClusterTlsCommand.Handles(args))
{
    return await Proxy.Node.Cli.ClusterTlsCommand.RunAsync(args, Console.Out, Console.Error);
}

if (Proxy.Node.Cli.ClusterCommand.Handles(args))
{
    return await Proxy.Node.Cli.ClusterCommand.RunAsync(args, Console.Out, Console.Error);
}

if (Proxy.Node.Cli.InspectCommand.Handles(args))
{
    return await Proxy.Node.Cli.InspectCommand.RunAsync(args, Console.Out, Console.Error);
}

if (StaticConfigLoader.WantsHelp(args))
{
    Console.Out.Write(StaticConfigHelp.Render());
    return 0;
}

if (StaticConfigLoader.WantsVersion(args))
{
    Console.Out.WriteLine(StaticConfigHelp.Version());
    return 0;
}

RuntimeTuning.ApplyOrReexecute(Console.Error);

var loaded = StaticConfigLoader.Load(args, environment);
if (!loaded.IsValid)
{
    Console.Error.Write(loaded.RenderErrors());
    return ExitCodes.InvalidConfiguration;
}

return await NodeHost.RunAsync(loaded.Config!, loaded.Warnings);
