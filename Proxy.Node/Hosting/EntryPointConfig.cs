namespace Proxy.Node.Hosting;

/// <summary>A named listener for proxied traffic: the address as written and its parsed form.</summary>
public sealed record EntryPointConfig(string Name, string Address, ListenAddress Listen);
