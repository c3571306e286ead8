using Proxy.Actors.Configuration.Schema;

namespace Proxy.Actors.Model.Config;

/// <summary>One child of a weighted service: another service, by name (<c>name@provider</c> for another provider's), and its share.</summary>
public sealed record WeightedServiceConfig(string? Name, int? Weight)
{
    public static WeightedServiceConfig Empty { get; } = new(null, null);

    public static RecordSchema<WeightedServiceConfig> Schema { get; } = new SchemaBuilder<WeightedServiceConfig>(Empty)
        .String("name", c => c.Name, (c, v) => c with { Name = v }, required: "is required")
        .Int("weight", c => c.Weight, (c, v) => c with { Weight = v }, check: Checks.NotNegative, @default: 1)
        .Build();
}
