using Akka.Actor;
using Akka.Configuration;
using Microsoft.Extensions.Logging;

namespace Proxy.Node.Hosting;

/// <summary>Starts the node's actor system from cluster.hocon next to the binary, with the log level of the flags.</summary>
internal static class ActorSystemFactory
{
    public static ActorSystem Create(StaticConfig config)
    {
        var hoconPath = Path.Combine(AppContext.BaseDirectory, "cluster.hocon");
        var fromFile = File.Exists(hoconPath) ? ConfigurationFactory.ParseString(File.ReadAllText(hoconPath)) : Config.Empty;
        var level = config.LogLevel switch
        {
            LogLevel.Trace or LogLevel.Debug => "DEBUG",
            LogLevel.Information => "INFO",
            LogLevel.Warning => "WARNING",
            _ => "ERROR",
        };
        var overrides = ConfigurationFactory.ParseString($"akka.loglevel = {level}");
        return ActorSystem.Create("proxy", overrides.WithFallback(fromFile));
    }
}
