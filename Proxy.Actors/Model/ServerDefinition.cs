namespace Proxy.Actors.Model;

/// <summary>A validated server of a load-balanced service; <paramref name="Source"/> as in <see cref="Config.ServerConfig"/>.</summary>
public sealed record ServerDefinition(string Url, Uri Uri, int Weight, bool Draining, string? Source = null);
