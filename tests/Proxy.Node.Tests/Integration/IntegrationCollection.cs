namespace Proxy.Node.Tests.Integration;

/// <summary>
/// The integration tests run one at a time: they start servers and load, and their timing
/// assertions would measure each other on a shared two-core machine.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class IntegrationCollection
{
    public const string Name = "Integration";
}
