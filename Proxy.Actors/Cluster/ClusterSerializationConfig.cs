using Akka.Configuration;

namespace Proxy.Actors.Cluster;

/// <summary>
/// The HOCON that binds <see cref="IClusterMessage"/> to <see cref="ProxySerializer"/>. The node
/// loads it beneath its own <c>cluster.hocon</c> when it builds the ActorSystem, so operators
/// cannot forget it and cannot bind our messages to JSON by accident.
/// </summary>
public static class ClusterSerializationConfig
{
    public const string Hocon = """
        akka.actor {
          serializers {
            proxy = "Proxy.Actors.Cluster.ProxySerializer, Proxy.Actors"
          }
          serialization-bindings {
            "Proxy.Actors.Cluster.IClusterMessage, Proxy.Actors" = proxy
          }
        }
        """;

    public static Config Config => ConfigurationFactory.ParseString(Hocon);
}
