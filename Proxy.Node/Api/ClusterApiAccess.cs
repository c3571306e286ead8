using Proxy.Node.Hosting;

namespace Proxy.Node.Api;

/// <summary>What the cluster routes require: the bearer token (null for none) and whether leave and down are refused.</summary>
public sealed record ClusterApiAccess(string? Token, bool ReadOnly)
{
    public static ClusterApiAccess For(StaticConfig config) => new(config.ManagementToken, config.ManagementReadOnly);
}
