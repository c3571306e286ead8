using System.Collections.Immutable;

namespace Proxy.Node.Observability;

/// <summary>The observers a node runs, called in order; null when there are none, so the handler skips the clock too.</summary>
public sealed class RequestObservers(ImmutableArray<IRequestObserver> observers) : IRequestObserver
{
    public static RequestObservers? Of(params IRequestObserver?[] observers)
    {
        var present = observers.OfType<IRequestObserver>().ToImmutableArray();
        return present.IsEmpty ? null : new RequestObservers(present);
    }

    public void Observe(in RequestRecord record)
    {
        foreach (var observer in observers)
        {
            observer.Observe(record);
        }
    }
}
