using System.Globalization;
using Akka.Actor;
using Akka.Actor.Setup;
using Akka.Cluster;
using Akka.Configuration;
using Akka.Remote.Transport.DotNetty;
using Proxy.Actors.Cluster.Formation;
using Proxy.Node.ClusterTls;
using Microsoft.Extensions.Logging;

namespace Proxy.Node.Hosting;

/// <summary>
/// Starts the node's actor system from cluster.hocon next to the binary, with the flags' log level
/// and cluster transport, and joins the cluster: the seeds when given, a cluster formed through the
/// records of a dns: seed, else a cluster of its own.
/// </summary>
internal static class ActorSystemFactory
{
    /// <summary>How often a refused peer host is logged at most.</summary>
    private static readonly TimeSpan RefusalLogInterval = TimeSpan.FromSeconds(30);

    public static ActorSystem Create(StaticConfig config)
    {
        var hoconPath = Path.Combine(AppContext.BaseDirectory, "cluster.hocon");
        var fromFile = File.Exists(hoconPath) ? ConfigurationFactory.ParseString(File.ReadAllText(hoconPath)) : Config.Empty;
        var system = ActorSystem.Create(config.Cluster.Name, Setup(Hocon(config, fromFile), config.Cluster.Tls));
        Join(Cluster.Get(system), config.Cluster);
        return system;
    }

    /// <summary>The actor system's configuration: the static configuration over cluster.hocon over our serializer's binding.</summary>
    internal static Config Hocon(StaticConfig config, Config fromFile) =>
        // Every message that crosses nodes goes through our serializer, never Akka's default JSON one.
        // The singleton's settings and its hand-over messages' serializer, read at start: the ACME
        // ordering singleton moves between nodes with them.
        Overrides(config).WithFallback(fromFile).WithFallback(Proxy.Actors.Cluster.ClusterSerializationConfig.Config)
            .WithFallback(Akka.Cluster.Tools.Singleton.ClusterSingleton.DefaultConfig());

    /// <summary>Akka.Remote's scheme for the transport: TLS changes it, and a seed's address must carry the same.</summary>
    public static string Protocol(ClusterSettings settings) => settings.Tls is null ? "akka.tcp" : "akka.ssl.tcp";

    private static ActorSystemSetup Setup(Config hocon, ClusterTlsSettings? tls)
    {
        var bootstrap = BootstrapSetup.Create().WithConfig(hocon);
        if (tls is null)
        {
            return ActorSystemSetup.Create(bootstrap);
        }

        // Akka.NET's own mutual TLS (DotNettySslSetup): both ends present a certificate, and the
        // validator, not the machine's trust store, decides which peers may connect.
        var time = TimeProvider.System;
        var material = ClusterTlsMaterial.Load(tls, time.GetUtcNow());
        var validator = new ClusterPeerValidator(material.TrustedCas, time, new RefusalLogLimiter(time, RefusalLogInterval));
        return bootstrap.And(new DotNettySslSetup(
            material.Certificate,
            suppressValidation: false,
            requireMutualAuthentication: true,
            // Peers are dialled by address and cluster nodes come and go: the CA is the identity, not the name.
            validateCertificateHostname: false,
            customValidator: validator.Validate));
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
        // A node with resolvers takes the ACME role, on which the ordering singleton runs.
        var roles = string.Join(", ", (config.CertificateResolvers.IsEmpty ? cluster.Roles : cluster.Roles.Append(Acme.AcmeOrderingWiring.Role))
            .Distinct(StringComparer.Ordinal).Select(Quote));
        return ConfigurationFactory.ParseString(string.Join('\n',
            // Not left to cluster.hocon either: a node is always a cluster member, and the
            // composition (NodeHost) has no other wiring to fall back on.
            "akka.actor.provider = cluster",
            $"akka.loglevel = {level}",
            // Not left to cluster.hocon: the actors log label keys, rules and container names, and
            // only this logger keeps each entry on one line whatever they hold.
            $"akka.loggers = [{Quote(Observability.AkkaConsoleLogger.ConfigName)}]",
            $"akka.remote.dot-netty.tcp.hostname = {Quote(cluster.Hostname)}",
            $"akka.remote.dot-netty.tcp.port = {cluster.Port.ToString(CultureInfo.InvariantCulture)}",
            $"akka.remote.dot-netty.tcp.public-hostname = {Quote(AdvertisedHost.For(cluster))}",
            $"akka.remote.dot-netty.tcp.enable-ssl = {(cluster.Tls is null ? "off" : "on")}",
            $"akka.cluster.roles = [{roles}]",
            // When the cluster ends the node, ClusterExitService drains the web host inside this
            // phase: it may take the accept grace and the grace, plus the host's own stop.
            $"akka.coordinated-shutdown.phases.before-service-unbind.timeout = {DrainPhaseTimeout(config).TotalMilliseconds.ToString(CultureInfo.InvariantCulture)}ms"));
    }

    private static TimeSpan DrainPhaseTimeout(StaticConfig config) =>
        config.RequestAcceptGraceTimeout + config.GraceTimeout + TimeSpan.FromSeconds(5);

    private static void Join(Cluster cluster, ClusterSettings settings)
    {
        // Every node answers the probes of nodes forming through DNS, whatever its own seeds: such a node may
        // join a cluster whose first members were given host:port seeds.
        cluster.System.ActorOf(FormationProbeActor.Props(), FormationProbeActor.Name);
        if (settings.DnsSeed is { } dnsSeed)
        {
            var self = AdvertisedHost.ContactPoint(settings, AdvertisedHost.For(settings));
            var formation = new FormationSettings(self, Protocol(settings), settings.Name, settings.StableMargin)
            {
                RequiredContactPoints = settings.RequiredContactPoints,
            };
            var resolver = new DnsContactPointResolver(dnsSeed, DnsContactPointResolver.Servers(settings.DnsServer));
            cluster.System.ActorOf(
                ClusterFormationActor.Props(formation, resolver, TimeProvider.System, FormationStatusCell.Get(cluster.System)), "cluster-formation");
            return;
        }

        if (settings.Seeds.IsEmpty)
        {
            // The embedded default: a one-node cluster, formed at once.
            cluster.Join(cluster.SelfAddress);
            return;
        }

        cluster.JoinSeedNodes(settings.Seeds.Select(seed =>
            new Address(Protocol(settings), settings.Name, seed.Host, seed.Port)));
    }

    private static string Quote(string text) => "\"" + text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
}
