namespace Proxy.Actors.Backends;

/// <summary>One active health probe's outcome, with a reason an operator can act on.</summary>
public sealed record ProbeResult(bool Healthy, string Detail);
