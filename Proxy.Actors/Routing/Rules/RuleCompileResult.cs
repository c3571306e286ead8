using System.Diagnostics.CodeAnalysis;

namespace Proxy.Actors.Routing.Rules;

/// <summary>Either a compiled rule or the first error in its text; exactly one is set.</summary>
public sealed record RuleCompileResult
{
    private RuleCompileResult(CompiledRule? rule, RuleError? error)
    {
        Rule = rule;
        Error = error;
    }

    public CompiledRule? Rule { get; }

    public RuleError? Error { get; }

    [MemberNotNullWhen(true, nameof(Rule))]
    [MemberNotNullWhen(false, nameof(Error))]
    public bool IsSuccess => Rule is not null;

    public static RuleCompileResult Success(CompiledRule rule) => new(rule, null);

    public static RuleCompileResult Failure(RuleError error) => new(null, error);
}
