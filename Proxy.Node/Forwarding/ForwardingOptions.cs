using Proxy.Node.Hosting;

namespace Proxy.Node.Forwarding;

/// <summary>How requests are forwarded, from the node's static configuration.</summary>
public sealed record ForwardingOptions(TimeSpan ResponseHeaderTimeout, RequestActorMode RequestActorMode);
