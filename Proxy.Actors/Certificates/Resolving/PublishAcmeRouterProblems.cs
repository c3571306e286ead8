using System.Collections.Immutable;

namespace Proxy.Actors.Certificates.Resolving;

/// <summary>
/// The ordering singleton's current router problems, told to its own node's <see cref="AcmeRouterProblemsActor"/>,
/// which replicates them to every node. The whole list each time: it replaces the previous one.
/// </summary>
public sealed record PublishAcmeRouterProblems(ImmutableArray<AcmeRouterProblem> Problems);
