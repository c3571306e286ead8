using System.Collections.Immutable;
using Akka.Actor;
using Akka.Cluster.Tools.Singleton;
using Proxy.Actors.Certificates;
using Proxy.Actors.Certificates.Acme;
using Proxy.Actors.Certificates.Resolving;
using Proxy.Actors.Cluster;
using Proxy.Node.Hosting;

namespace Proxy.Node.Acme;

/// <summary>
/// Starts the ACME ordering actor as a cluster singleton: every node runs the manager, the oldest
/// member runs the actor, and when it is lost the next oldest starts one, which reads the replicated
/// state before ordering anything. Nothing runs when no resolver is configured.
/// </summary>
internal static class AcmeOrderingWiring
{
    public const string ManagerName = "acme-ordering";

    /// <summary>One request to the CA; the order as a whole has its own limit (<see cref="AcmeOrderSettings"/>).</summary>
    public static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(30);

    public const int MaxResponseBytes = 1024 * 1024;

    public static IActorRef? Start(ActorSystem system, ImmutableSortedDictionary<string, AcmeResolverSettings> resolvers, IActorRef state, TimeProvider time)
    {
        if (resolvers.IsEmpty)
        {
            return null;
        }

        var node = ClusterNode.Id(Akka.Cluster.Cluster.Get(system).SelfAddress);
        var ordering = AcmeOrderingActor.Props(resolvers, state, CreateHttpClient, AcmeRouterStatusCell.Get(system), node, AcmeOrderSettings.Default, time);
        return system.ActorOf(
            ClusterSingletonManager.Props(ordering, PoisonPill.Instance, ClusterSingletonManagerSettings.Create(system)),
            ManagerName);
    }

    /// <summary>The resolver's client to its CA: the system's roots, or only its caCertificates when given.</summary>
    public static HttpClient CreateHttpClient(AcmeResolverSettings settings)
    {
        HttpMessageHandler handler = settings.CaCertificates.IsDefaultOrEmpty
            ? new SocketsHttpHandler()
            : AcmeCaTrust.CreateHandler(ResolverOptionsValidator.LoadCaCertificates(settings.CaCertificates));
        // The CA's answers are small JSON and PEM: a megabyte bounds what a broken or hostile CA can make us buffer.
        return new HttpClient(handler) { Timeout = RequestTimeout, MaxResponseContentBufferSize = MaxResponseBytes };
    }
}
