namespace Proxy.Discovery.Yaml;

/// <summary>A configuration file over its size limit; an <see cref="IOException"/> so readers report it as unreadable.</summary>
public sealed class FileTooLargeException(string message) : IOException(message);
