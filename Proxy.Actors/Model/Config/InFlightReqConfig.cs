using Proxy.Actors.Configuration.Schema;

namespace Proxy.Actors.Model.Config;

/// <summary>
/// Traefik's <c>inFlightReq</c>: at most <see cref="Amount"/> requests of one client at once, the next
/// refused with 429. <see cref="Scope"/> and <see cref="OnOwnerLost"/> as for <see cref="RateLimitConfig"/>.
/// </summary>
public sealed record InFlightReqConfig(
    long? Amount,
    SourceCriterionConfig? SourceCriterion,
    string? Scope,
    string? OnOwnerLost) : IMiddlewareConfig
{
    public static InFlightReqConfig Empty { get; } = new(null, null, null, null);

    public static RecordSchema<InFlightReqConfig> Schema { get; } = new SchemaBuilder<InFlightReqConfig>(Empty)
        .Long("amount", c => c.Amount, (c, v) => c with { Amount = v },
            required: "is required (the number of requests of one client at once)", check: AtLeastOne)
        .Add(RateLimitConfig.SourceCriterionField<InFlightReqConfig>(c => c.SourceCriterion, (c, v) => c with { SourceCriterion = v }))
        .String("scope", c => c.Scope, (c, v) => c with { Scope = v }, check: Checks.OneOf(true, LimitScope.Scopes), @default: LimitScope.Node)
        .String("onOwnerLost", c => c.OnOwnerLost, (c, v) => c with { OnOwnerLost = v }, check: Checks.OneOf(true, LimitScope.Fallbacks), @default: LimitScope.LocalShare)
        .Build();

    private static IEnumerable<FieldProblem> AtLeastOne(long value) =>
        value < 1 ? [FieldProblem.Of($"must be at least 1, got {value}")] : [];
}
