using Proxy.Actors.Configuration.Schema;

namespace Proxy.Actors.Model.Config;

/// <summary>
/// Traefik's <c>sourceCriterion</c>: what makes two requests the same client for a rate limit or an
/// in-flight limit. At most one kind may be given; none means the client's address, as in Traefik.
/// </summary>
public sealed record SourceCriterionConfig(IpStrategyConfig? IpStrategy, string? RequestHeaderName, bool? RequestHost)
{
    public static SourceCriterionConfig Empty { get; } = new(null, null, null);

    public static RecordSchema<SourceCriterionConfig> Schema { get; } = new SchemaBuilder<SourceCriterionConfig>(Empty)
        .Object("ipStrategy", c => c.IpStrategy, (c, v) => c with { IpStrategy = v }, IpStrategyConfig.Schema, nothingMeansEmpty: true)
        .String("requestHeaderName", c => c.RequestHeaderName, (c, v) => c with { RequestHeaderName = v }, check: HeaderName)
        .Bool("requestHost", c => c.RequestHost, (c, v) => c with { RequestHost = v })
        .Build();

    /// <summary>The kinds given, by their option names, for the one-kind check.</summary>
    public IEnumerable<string> KindsGiven()
    {
        if (IpStrategy is not null)
        {
            yield return "ipStrategy";
        }

        if (!string.IsNullOrEmpty(RequestHeaderName))
        {
            yield return "requestHeaderName";
        }

        if (RequestHost == true)
        {
            yield return "requestHost";
        }
    }

    /// <summary>Checked on the record that holds it: two kinds at once leave the client ambiguous, which Traefik refuses too.</summary>
    public static ValueCheck<SourceCriterionConfig?> OneKind { get; } = criterion =>
        criterion?.KindsGiven().ToList() is { Count: > 1 } kinds
            ? [FieldProblem.Of($"gives {string.Join(" and ", kinds)}; give only one of ipStrategy, requestHeaderName, requestHost")]
            : [];

    private static IEnumerable<FieldProblem> HeaderName(string value) =>
        value.Length == 0 || value.All(c => char.IsAsciiLetterOrDigit(c) || "!#$%&'*+-.^_`|~".Contains(c))
            ? []
            : [FieldProblem.Of($"'{value}' is not a valid header name")];
}
