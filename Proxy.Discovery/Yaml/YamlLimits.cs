using System.Globalization;

namespace Proxy.Discovery.Yaml;

/// <summary>
/// How large and how deeply nested a YAML configuration file may be. <paramref name="Kind"/> names the
/// file in errors ("dynamic configuration file"), so an operator learns which limit was hit.
/// </summary>
public sealed record YamlLimits(string Kind, long MaxBytes, int MaxDepth)
{
    /// <summary>
    /// The file provider's file. A Traefik dynamic file nests about 8 levels deep
    /// (http.services.s.loadBalancer.servers[0].url); 64 leaves room for any hand-written structure
    /// while keeping YamlDotNet's recursive node loader far from the stack's end. 64 MiB admits
    /// some 150,000 routers with their services, more than any file seen in practice.
    /// </summary>
    public static YamlLimits DynamicFile { get; } = new("dynamic configuration file", 64 * Mebibyte, 64);

    /// <summary>The node's own configuration file holds a few dozen options.</summary>
    public static YamlLimits StaticFile { get; } = new("static configuration file", 1 * Mebibyte, 64);

    private const long Mebibyte = 1024 * 1024;

    /// <summary>The size limit as an operator reads it, e.g. "64 MiB".</summary>
    public string MaxSizeText => MaxBytes % Mebibyte == 0 ? $"{MaxBytes / Mebibyte} MiB" : string.Create(CultureInfo.InvariantCulture, $"{MaxBytes:N0} bytes");
}
