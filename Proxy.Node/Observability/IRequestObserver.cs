namespace Proxy.Node.Observability;

/// <summary>
/// Hears of every request once it ended. Called on the request path, so an implementation must
/// return quickly and never block: count, or hand the record to a queue.
/// </summary>
public interface IRequestObserver
{
    void Observe(in RequestRecord record);
}
