using System.Collections.Immutable;
using Proxy.Actors.Configuration.Schema;

namespace Proxy.Actors.Model.Config;

/// <summary>
/// Traefik's <c>compress</c>: encodes a response in the encoding the client prefers among <see cref="Encodings"/>
/// (listed in the node's order of preference), or in <see cref="DefaultEncoding"/> for a request whose <c>*</c> wins or that has no
/// Accept-Encoding; only bodies of at least <see cref="MinResponseBodyBytes"/>, whose type
/// <see cref="IncludedContentTypes"/> names or <see cref="ExcludedContentTypes"/> does not (one or the other).
/// </summary>
public sealed record CompressConfig(
    ImmutableArray<string> Encodings,
    string? DefaultEncoding,
    int? MinResponseBodyBytes,
    ImmutableArray<string> IncludedContentTypes,
    ImmutableArray<string> ExcludedContentTypes) : IMiddlewareConfig
{
    /// <summary>The encodings the node has, in Traefik's default order of preference.</summary>
    public static ImmutableArray<string> KnownEncodings { get; } = ["zstd", "br", "gzip"];

    /// <summary>Traefik's default: 0 (or nothing) means this.</summary>
    public const int DefaultMinResponseBodyBytes = 1024;

    // Declared before Schema: static properties are set in the order they are written.
    private static ValueCheck<string> Encoding { get; } = Checks.OneOf(false, [.. KnownEncodings]);

    private static ValueCheck<string> MediaTypeCheck { get; } = value =>
        MediaTypes.TryParse(value, out _) ? [] : [FieldProblem.Of($"'{value}' is not a media type (type/subtype, e.g. text/html)")];

    private static ValueCheck<CompressConfig> Whole { get; } = config =>
    {
        var problems = new List<FieldProblem>();
        if (!config.IncludedContentTypes.IsDefaultOrEmpty && !config.ExcludedContentTypes.IsDefaultOrEmpty)
        {
            problems.Add(new FieldProblem("includedContentTypes", "includedContentTypes and excludedContentTypes exclude each other: give one"));
        }

        if (config.DefaultEncoding is { } fallback && !config.Encodings.IsDefault && !config.Encodings.Contains(fallback))
        {
            problems.Add(new FieldProblem("defaultEncoding", $"'{fallback}' is not one of encodings ({string.Join(", ", config.Encodings)})"));
        }

        return problems;
    };

    public static CompressConfig Empty { get; } = new(default, null, null, default, default);

    public static RecordSchema<CompressConfig> Schema { get; } = new SchemaBuilder<CompressConfig>(Empty)
        .StringList(
            "encodings", c => c.Encodings, (c, v) => c with { Encodings = v },
            check: Checks.All(Checks.NotEmpty("needs at least one encoding (zstd, br, gzip)"), Checks.EachItem(Encoding)),
            @default: KnownEncodings)
        .String("defaultEncoding", c => c.DefaultEncoding, (c, v) => c with { DefaultEncoding = v }, check: Encoding)
        .Int("minResponseBodyBytes", c => c.MinResponseBodyBytes, (c, v) => c with { MinResponseBodyBytes = v }, check: Checks.NotNegative, @default: DefaultMinResponseBodyBytes)
        .StringList("includedContentTypes", c => c.IncludedContentTypes, (c, v) => c with { IncludedContentTypes = v }, check: Checks.EachItem(MediaTypeCheck))
        .StringList("excludedContentTypes", c => c.ExcludedContentTypes, (c, v) => c with { ExcludedContentTypes = v }, check: Checks.EachItem(MediaTypeCheck))
        .CheckWhole(Whole)
        .Build();
}
