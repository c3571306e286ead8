using Proxy.Discovery.File;

namespace Proxy.Fuzz.Targets;

/// <summary>
/// The file provider's parser, then validation, as a file's content reaches the configuration
/// actor: an unreadable file gives its errors (with line and column), a readable one a
/// configuration whose bad objects are reported.
/// </summary>
public static class YamlTarget
{
    public static FuzzRun.Outcome Check(string text)
    {
        var errors = FileConfigParser.Parse(text, "/etc/proxy/dynamic.yml") switch
        {
            FileParseResult.Unreadable unreadable => unreadable.Errors.IsEmpty
                ? null
                : (IReadOnlyList<Proxy.Actors.Model.ConfigError>)unreadable.Errors,
            FileParseResult.Parsed parsed => ConfigErrors.Validate("file", parsed.Config, parsed.Errors),
            _ => null,
        };
        if (errors is null)
        {
            return FuzzRun.Outcome.Fail("unreadable without an error");
        }

        return ConfigErrors.Unclear(errors) is { } problem
            ? FuzzRun.Outcome.Fail(problem)
            : errors.Count > 0 ? FuzzRun.Outcome.Error : FuzzRun.Outcome.Accepted;
    }
}
