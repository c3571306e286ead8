using System.Collections.Immutable;
using Akka.Actor;
using Microsoft.Extensions.Logging;
using Proxy.Actors.Certificates;
using Proxy.Node.ClusterTls;

namespace Proxy.Node.Acme;

/// <summary>Starts this node's ACME state actor over its storage files, and says at start what that exposes.</summary>
internal static class AcmeStateWiring
{
    public const string ActorName = "acme-state";

    public static IActorRef Start(ActorSystem system, ImmutableArray<AcmeResolverStorage> resolvers, ClusterTransportSecurityKind transport, ILogger log)
    {
        // Relative storage paths are the working directory's, as in Traefik: resolved once, so logs and errors name the file.
        ImmutableArray<AcmeResolverStorage> located = [.. resolvers.Select(r => r with { Path = Path.GetFullPath(r.Path) })];
        if (KeysInClear(located, transport))
        {
            AcmeStateLog.KeysInClear(log, string.Join(", ", located.Select(r => r.Resolver)), ClusterTransportSecurity.Name(transport));
        }

        foreach (var resolver in located)
        {
            AcmeStateLog.Storage(log, resolver.Resolver, resolver.Path);
        }

        return system.ActorOf(
            AcmeStateActor.Props(AcmeStateSettings.Default, located, new AcmeJsonStorage(TimeProvider.System), TimeProvider.System), ActorName);
    }

    /// <summary>
    /// Whether key material will cross the cluster transport unencrypted: any resolver, and no mutual
    /// TLS. Plain TCP on loopback counts too: every process on the host can read it.
    /// </summary>
    public static bool KeysInClear(ImmutableArray<AcmeResolverStorage> resolvers, ClusterTransportSecurityKind transport) =>
        !resolvers.IsEmpty && transport != ClusterTransportSecurityKind.MutualTls;
}
