using System.Globalization;
using Akka.Actor;
using Akka.Cluster;
using Akka.Configuration;
using Microsoft.Extensions.Logging;

namespace Proxy.Node.Hosting;

/// <summary>
/// Starts the node's actor system from cluster.hocon next to the binary, with the flags' log level
/// and cluster transport, and joins the cluster: the seeds when given, else a cluster of its own.
/// </summary>
internal static class ActorSystemFactory
{
    public static ActorSystem Create(StaticConfig config)
    {
        var hoconPath = Path.Combine(AppContext.BaseDirectory, "cluster.hocon");
        var fromFile = File.Exists(hoconPath) ? ConfigurationFactory.ParseString(File.ReadAllText(hoconPath)) : Config.Empty;
        // Every message that crosses nodes goes through our serializer, never Akka's default JSON one.
        var system = ActorSystem.Create(
            config.Cluster.Name,
            Overrides(config).WithFallback(fromFile).WithFallback(Proxy.Actors.Cluster.ClusterSerializationConfig.Config));
        Join(Cluster.Get(system), config.Cluster);
        return system;
    }

    private static Config Overrides(StaticConfig config)
    {
        var cluster = config.Cluster;
        var level = config.LogLevel switch
        {
            LogLevel.Trace or LogLevel.Debug => "DEBUG",
            LogLevel.Information => "INFO",
            LogLevel.Warning => "WARNING",
            _ => "ERROR",
        };
        var roles = string.Join(", ", cluster.Roles.Select(Quote));
        return ConfigurationFactory.ParseString(string.Join('\n',
            $"akka.loglevel = {level}",
            // Not left to cluster.hocon: the actors log label keys, rules and container names, and
            // only this logger keeps each entry on one line whatever they hold.
            $"akka.loggers = [{Quote(Observability.AkkaConsoleLogger.ConfigName)}]",
            $"akka.remote.dot-netty.tcp.hostname = {Quote(cluster.Hostname)}",
            $"akka.remote.dot-netty.tcp.port = {cluster.Port.ToString(CultureInfo.InvariantCulture)}",
            $"akka.remote.dot-netty.tcp.public-hostname = {Quote(cluster.PublicHostname ?? cluster.Hostname)}",
            $"akka.cluster.roles = [{roles}]",
            // When the cluster ends the node, ClusterExitService drains the web host inside this
            // phase: it may take the accept grace and the grace, plus the host's own stop.
            $"akka.coordinated-shutdown.phases.before-service-unbind.timeout = {DrainPhaseTimeout(config).TotalMilliseconds.ToString(CultureInfo.InvariantCulture)}ms"));
    }

    private static TimeSpan DrainPhaseTimeout(StaticConfig config) =>
        config.RequestAcceptGraceTimeout + config.GraceTimeout + TimeSpan.FromSeconds(5);

    private static void Join(Cluster cluster, ClusterSettings settings)
    {
        if (settings.Seeds.IsEmpty)
        {
            // The embedded default: a one-node cluster, formed at once.
            cluster.Join(cluster.SelfAddress);
            return;
        }

        cluster.JoinSeedNodes(settings.Seeds.Select(seed =>
            new Address("akka.tcp", settings.Name, seed.Host, seed.Port)));
    }

    private static string Quote(string text) => "\"" + text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
}
