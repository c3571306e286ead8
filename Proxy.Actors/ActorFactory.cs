using Akka.Actor;

namespace Proxy.Actors;

/// <summary>
/// Props from a plain factory delegate. Akka's <c>Props.Create(() => new X(...))</c> takes an
/// expression tree and evaluates its arguments on every creation, which cost a request actor
/// spawned per request a large share of its throughput; a delegate costs a call.
/// </summary>
public static class ActorFactory
{
    public static Props Props<TActor>(Func<TActor> create)
        where TActor : ActorBase => Akka.Actor.Props.CreateBy(new Producer<TActor>(create));

    private sealed class Producer<TActor>(Func<TActor> create) : IIndirectActorProducer
        where TActor : ActorBase
    {
        public Type ActorType => typeof(TActor);

        public ActorBase Produce() => create();

        public void Release(ActorBase actor)
        {
        }
    }
}
