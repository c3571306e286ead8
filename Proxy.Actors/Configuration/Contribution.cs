using Proxy.Actors.Model.Config;

namespace Proxy.Discovery.Docker;

/// <summary>The complete configuration one container declares, before it is merged with the others'.</summary>
internal sealed record Contribution(ContainerInfo Container, DynamicConfig Config);
