namespace Proxy.Actors.Model;

/// <summary>A validated server of a load-balanced service.</summary>
public sealed record ServerDefinition(string Url, Uri Uri, int Weight, bool Draining);
