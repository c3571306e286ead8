using System.Collections.Immutable;
using System.Globalization;
using Proxy.Actors.Configuration.Schema;

namespace Proxy.Actors.Model.Config;

/// <summary>
/// Traefik's errors middleware: a response whose status is in <see cref="Status"/> is replaced by the page a
/// server of <see cref="Service"/> answers to a GET of <see cref="Query"/>, sent to the client with the
/// original status (or the one <see cref="StatusRewrites"/> maps it to). The service is qualified by the
/// middleware's provider when it names none, as a router's references are. The page request carries the
/// client's headers, or only those <see cref="ErrorRequestHeaders"/> lists when it is given (an empty list: none).
/// </summary>
public sealed record ErrorsConfig(
    ImmutableArray<string> Status,
    string? Service,
    string? Query,
    ImmutableSortedDictionary<string, string> StatusRewrites,
    ImmutableArray<string> ErrorRequestHeaders) : IMiddlewareConfig
{
    // Declared before Schema: static fields are set in the order they are written.
    private static ValueCheck<string> StatusEntry { get; } = value =>
        HttpStatusRanges.Problem(value) is { } problem ? [FieldProblem.Of(problem)] : [];

    private static ValueCheck<ImmutableSortedDictionary<string, string>> Rewrites { get; } = rewrites =>
        rewrites.SelectMany(rewrite =>
            HttpStatusRanges.Problem(rewrite.Key) is { } problem ? [new FieldProblem($".{rewrite.Key}", problem)]
            : !int.TryParse(rewrite.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var to) || to is < HttpStatusRanges.Lowest or > HttpStatusRanges.Highest
                ? [new FieldProblem($".{rewrite.Key}", $"'{rewrite.Value}' is not a status code ({HttpStatusRanges.Lowest}-{HttpStatusRanges.Highest})")]
                : Array.Empty<FieldProblem>());

    public static ErrorsConfig Empty { get; } = new([], null, null, ImmutableSortedDictionary<string, string>.Empty, default);

    public static RecordSchema<ErrorsConfig> Schema { get; } = new SchemaBuilder<ErrorsConfig>(Empty)
        .StringList("status", c => c.Status, (c, v) => c with { Status = v },
            check: Checks.All(Checks.NotEmpty("needs at least one status code or range (e.g. 500-599)"), Checks.EachItem(StatusEntry)))
        .String("service", c => c.Service, (c, v) => c with { Service = v }, required: "is required (the service that serves the error pages)")
        .String("query", c => c.Query, (c, v) => c with { Query = v }, @default: "/")
        .StringMap("statusRewrites", c => c.StatusRewrites, (c, v) => c with { StatusRewrites = v }, check: Rewrites)
        .StringList(
            "errorRequestHeaders", c => c.ErrorRequestHeaders, (c, v) => c with { ErrorRequestHeaders = v },
            check: Checks.EachItem(AuthChecks.HeaderName))
        .Build();

    /// <summary>The only request headers the page request carries (an empty list given: none), or null for every one (not given).</summary>
    public ImmutableArray<string>? PageRequestHeaders => ErrorRequestHeaders.IsDefault ? null : ErrorRequestHeaders;

    /// <summary>The status the client gets for <paramref name="status"/>: the first rewrite whose range holds it, else itself.</summary>
    public static int Rewritten(ImmutableArray<(HttpStatusRanges From, int To)> rewrites, int status)
    {
        foreach (var (from, to) in rewrites)
        {
            if (from.Contains(status))
            {
                return to;
            }
        }

        return status;
    }
}
