namespace Proxy.Node.Hosting;

/// <summary>The file provider's settings; present only when a filename was given.</summary>
public sealed record FileProviderConfig(string Filename, bool Watch);
