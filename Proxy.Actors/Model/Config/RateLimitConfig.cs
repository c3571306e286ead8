using Proxy.Actors.Configuration.Schema;

namespace Proxy.Actors.Model.Config;

/// <summary>
/// Traefik's <c>rateLimit</c>: a token bucket per client that refills <see cref="Average"/> tokens every
/// <see cref="Period"/> and holds at most <see cref="Burst"/>; an average of 0 limits nothing. Beyond
/// Traefik, <see cref="Scope"/> <c>cluster</c> makes the limit hold for the sum over every node, and
/// <see cref="OnOwnerLost"/> says what a node does while the node that keeps a client's bucket is out of reach.
/// </summary>
public sealed record RateLimitConfig(
    long? Average,
    string? Period,
    long? Burst,
    SourceCriterionConfig? SourceCriterion,
    string? Scope,
    string? OnOwnerLost) : IMiddlewareConfig
{
    public static RateLimitConfig Empty { get; } = new(null, null, null, null, null, null);

    public static RecordSchema<RateLimitConfig> Schema { get; } = new SchemaBuilder<RateLimitConfig>(Empty)
        .Long("average", c => c.Average, (c, v) => c with { Average = v }, check: Checks.NotNegativeLong, @default: 0)
        .Duration("period", c => c.Period, (c, v) => c with { Period = v }, @default: "1s")
        .Long("burst", c => c.Burst, (c, v) => c with { Burst = v }, check: Checks.NotNegativeLong, @default: 1)
        .Add(SourceCriterionField<RateLimitConfig>(c => c.SourceCriterion, (c, v) => c with { SourceCriterion = v }))
        .String("scope", c => c.Scope, (c, v) => c with { Scope = v }, check: Checks.OneOf(true, LimitScope.Scopes), @default: LimitScope.Node)
        .String("onOwnerLost", c => c.OnOwnerLost, (c, v) => c with { OnOwnerLost = v }, check: Checks.OneOf(true, LimitScope.Fallbacks), @default: LimitScope.LocalShare)
        .Build();

    /// <summary>The <c>sourceCriterion</c> field both limits declare, with its one-kind check.</summary>
    internal static IField SourceCriterionField<TRecord>(
        Func<TRecord, SourceCriterionConfig?> get, Func<TRecord, SourceCriterionConfig?, TRecord> set)
        where TRecord : class =>
        new Field<TRecord, SourceCriterionConfig?>(
            "sourceCriterion", FieldKind.Object, FieldUse.User, get, set, check: SourceCriterionConfig.OneKind, element: SourceCriterionConfig.Schema);
}
