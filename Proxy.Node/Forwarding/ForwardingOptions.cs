using System.Collections.Frozen;
using Proxy.Node.Hosting;

namespace Proxy.Node.Forwarding;

/// <summary>How requests are forwarded, from the node's static configuration.</summary>
public sealed record ForwardingOptions(TimeSpan ResponseHeaderTimeout, RequestActorMode RequestActorMode)
{
    /// <summary>Each entry point's trust in forwarded headers; an entry point not listed trusts no client.</summary>
    public FrozenDictionary<string, ForwardedHeadersPolicy> ForwardedHeaders { get; init; } =
        FrozenDictionary<string, ForwardedHeadersPolicy>.Empty;

    /// <summary>The entry points that redirect every request (Traefik's entry-point redirection); empty for none.</summary>
    public FrozenDictionary<string, EntryPointRedirection> Redirections { get; init; } =
        FrozenDictionary<string, EntryPointRedirection>.Empty;

    /// <summary>
    /// The entry points a resolver names for HTTP-01 (<c>httpChallenge.entryPoint</c>): there, as in
    /// Traefik, the challenge path belongs to the proxy and an unknown token is 404; elsewhere it is routed.
    /// </summary>
    public FrozenSet<string> HttpChallengeEntryPoints { get; init; } = FrozenSet<string>.Empty;

    /// <summary>The largest request body a mirror's copy carries (<c>mirroring.maxbodysize</c>).</summary>
    public long MirrorMaxBodySize { get; init; } = 4 * 1024 * 1024;

    /// <summary>The bytes of bodies all mirror copies under way may hold together (<c>mirroring.maxbytesinflight</c>).</summary>
    public long MirrorMaxBytesInFlight { get; init; } = 64 * 1024 * 1024;

    public ForwardedHeadersPolicy ForwardedHeadersOf(string entryPoint) =>
        ForwardedHeaders.TryGetValue(entryPoint, out var policy) ? policy : ForwardedHeadersPolicy.Untrusted;
}
