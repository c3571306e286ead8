using Akka.Actor;
using Proxy.Actors.Model;
using Proxy.Actors.Services.LoadBalancing;

namespace Proxy.Actors.Tests.Support;

/// <summary>Service snapshots for policy and request tests; backends are whatever refs the test wants to watch.</summary>
public static class Snapshots
{
    public static ServerSnapshot Server(string url, IActorRef backend, ServerHealth health = ServerHealth.Up, int weight = 1) =>
        new(url, url, weight, health, health.ToString(), backend, new ServerCounters());

    public static ServiceSnapshot Service(string name, params ServerSnapshot[] servers) =>
        new(name, false, [.. servers], WeightedRoundRobinPolicy.Schedule(servers.Select(s => s.Weight).ToList()), true, new LoadBalancerCursor());
}
