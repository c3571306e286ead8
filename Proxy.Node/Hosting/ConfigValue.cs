namespace Proxy.Node.Hosting;

/// <summary>One raw static value, not yet checked, and where it was written.</summary>
public sealed record ConfigValue(string Value, ConfigOrigin Origin);
