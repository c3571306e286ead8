namespace Proxy.Actors.Routing;

/// <summary>How a request a router matched ended, as the router counts it.</summary>
public enum RouterOutcome
{
    /// <summary>A server (or an internal service) answered; whatever its status, it reached the client.</summary>
    Served,

    /// <summary>No server could take it: the service is missing or has no server up (503).</summary>
    Unavailable,

    /// <summary>The servers failed it: the node answered 502 or 504 after its attempts, or the response was cut off.</summary>
    Failed,

    /// <summary>The client's failure: a bad request, a client that went away or was too slow with its body.</summary>
    ClientFailed,
}
