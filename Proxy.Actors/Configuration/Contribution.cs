using Proxy.Actors.Model.Config;

namespace Proxy.Actors.Configuration;

/// <summary>
/// The complete configuration one contributor declares, before it is merged with the others':
/// a container within a Docker provider, or a node within the cluster. <paramref name="Label"/>
/// names it in a conflict error; <paramref name="Source"/> is where that error is attributed.
/// </summary>
public sealed record Contribution(string Source, string Label, DynamicConfig Config);
