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
/// Starts the ACME ordering actor as a cluster singleton among the nodes with resolvers (role
/// <see cref="Role"/>): each runs the manager, the oldest of them runs the actor, and when it is lost
/// the next oldest starts one, which reads the replicated state before ordering anything. Every node,
/// with resolvers or not, checks the configuration against its own (<see cref="AcmeConfigurationCheckActor"/>)
/// and follows the singleton's replicated router problems (<see cref="AcmeRouterProblemsActor"/>), so that
/// its API shows them whichever node orders.
/// </summary>
internal static class AcmeOrderingWiring
{
    public const string ManagerName = "acme-ordering";

    /// <summary>One request to the CA; the order as a whole has its own limit (<see cref="AcmeOrderSettings"/>).</summary>
    public static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(30);

    public const int MaxResponseBytes = 1024 * 1024;

    public const string CheckName = "acme-configuration-check";

    public const string ProblemsName = "acme-router-problems";

    /// <summary>
    /// The cluster role of a node with at least one resolver (added by <see cref="Hosting.ActorSystemFactory"/>):
    /// the singleton runs on the oldest member with it, so never on a node that has no resolver to order with.
    /// </summary>
    public const string Role = "acme";

    /// <summary>
    /// Starts this node's check of the configuration against its resolvers and its follower of the router
    /// problems, always, and with resolvers the singleton's manager; returns the manager, null without resolvers.
    /// </summary>
    public static IActorRef? Start(ActorSystem system, ImmutableSortedDictionary<string, AcmeResolverSettings> resolvers, IActorRef state, TimeProvider time)
    {
        system.ActorOf(AcmeConfigurationCheckActor.Props(resolvers, AcmeRouterStatusCell.Get(system)), CheckName);
        var problems = system.ActorOf(AcmeRouterProblemsActor.Props(AcmeStateSettings.Default, AcmeRouterStatusCell.Get(system)), ProblemsName);
        if (resolvers.IsEmpty)
        {
            return null;
        }

        var node = ClusterNode.Id(Akka.Cluster.Cluster.Get(system).SelfAddress);
        var ordering = AcmeOrderingActor.Props(resolvers, state, CreateHttpClient, problems, node, AcmeOrderSettings.Default, time);
        return system.ActorOf(
            ClusterSingletonManager.Props(ordering, PoisonPill.Instance, ClusterSingletonManagerSettings.Create(system).WithRole(Role)),
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
