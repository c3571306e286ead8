using System.Collections;
using Proxy.Node;
using Proxy.Node.Hosting;

// Composition only: read the static configuration, then run the node (or print help/version).
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

var environment = Environment.GetEnvironmentVariables()
    .Cast<DictionaryEntry>()
    .ToDictionary(e => (string)e.Key, e => (string?)e.Value ?? string.Empty);
var loaded = StaticConfigLoader.Load(args, environment);
if (!loaded.IsValid)
{
    Console.Error.Write(loaded.RenderErrors());
    return 2;
}

return await NodeHost.RunAsync(loaded.Config!);
