namespace Proxy.Actors.Routing.Rules;

/// <summary>Entry point of the rule language: text in, a matcher or the first error out.</summary>
public static class RuleCompiler
{
    public static RuleCompileResult Compile(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parsed = RuleParser.Parse(text);
        return parsed.Matcher is { } matcher
            ? RuleCompileResult.Success(new CompiledRule(text, matcher))
            : RuleCompileResult.Failure(parsed.Error!);
    }

    /// <summary>
    /// Traefik's default priority: the rule's length, so that longer (usually more specific)
    /// rules are tried first when no priority is configured.
    /// </summary>
    public static int DefaultPriority(string text) => text.Length;
}
