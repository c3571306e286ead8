using Proxy.Actors.Routing;

namespace Proxy.Node.Middlewares;

/// <summary>
/// What comes after a wrapping middleware: the rest of the chain, then the forwarding with its retries.
/// A struct, so that running around the rest costs no allocation per step.
/// </summary>
internal readonly struct NextStep
{
    private readonly MiddlewareRequest _request;
    private readonly int _index;

    internal NextStep(MiddlewareRequest request, int index)
    {
        _request = request;
        _index = index;
    }

    /// <summary>Runs the rest; at most once per request. Returns how the request ended, for the router's counters.</summary>
    public ValueTask<RouterOutcome> InvokeAsync() => _request.RunFrom(_index);
}
