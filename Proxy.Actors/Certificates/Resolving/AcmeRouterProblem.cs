namespace Proxy.Actors.Certificates.Resolving;

/// <summary>Why a router serves the default certificate instead of its resolver's: shown on the router by the API.</summary>
public sealed record AcmeRouterProblem(string Router, string Message);
