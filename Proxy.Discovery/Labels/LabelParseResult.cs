using System.Collections.Immutable;

namespace Proxy.Discovery.Labels;

/// <summary>
/// The labels read, and every label that could not be. <see cref="Config"/> leaves out each router,
/// service or middleware with a bad label, whole; whether to use the rest is the caller's decision
/// (the Docker translator does, unless a problem <see cref="LabelProblem.LeavesOutContainer"/>).
/// </summary>
/// <param name="RoutersLeftOut">Some router the labels declare is left out: the container has routers, even if none is in <see cref="Config"/>.</param>
/// <param name="ServicesLeftOut">Likewise for services.</param>
public sealed record LabelParseResult(
    LabelConfig Config,
    ImmutableArray<LabelProblem> Problems,
    bool RoutersLeftOut = false,
    bool ServicesLeftOut = false);
