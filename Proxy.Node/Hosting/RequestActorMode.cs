namespace Proxy.Node.Hosting;

/// <summary>When the node spawns a request actor (option <c>requests.actormode</c>).</summary>
public enum RequestActorMode
{
    /// <summary>Only when an attempt fails; the happy path pays nothing for actors.</summary>
    OnFailure,

    /// <summary>For every request; kept so the benchmark can measure what a per-request actor costs.</summary>
    Always,
}
