using System.Collections.Immutable;

namespace Proxy.Discovery.Labels;

/// <summary>
/// The labels read, and every label that could not be. <see cref="Config"/> leaves out only the bad
/// labels themselves; whether to use the rest is the caller's decision (the Docker translator does not).
/// </summary>
public sealed record LabelParseResult(LabelConfig Config, ImmutableArray<LabelProblem> Problems);
