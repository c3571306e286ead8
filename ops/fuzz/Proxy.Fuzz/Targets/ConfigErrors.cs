using System.Collections.Immutable;
using Proxy.Actors.Configuration;
using Proxy.Actors.Configuration.Validation;
using Proxy.Actors.Model;
using Proxy.Actors.Model.Config;

namespace Proxy.Fuzz.Targets;

/// <summary>
/// What a provider's configuration turns into once the configuration actor validates it, and
/// whether its errors are ones an operator can act on.
/// </summary>
public static class ConfigErrors
{
    private static readonly ImmutableSortedSet<string> EntryPoints = ["web", "websecure"];
    private static readonly ImmutableSortedSet<string> InternalServices = ["whoami@internal", "ping@internal"];

    /// <summary>Reading errors plus validation errors, as the API would show them.</summary>
    public static IReadOnlyList<ConfigError> Validate(string provider, DynamicConfig config, ImmutableArray<ConfigError> readErrors)
    {
        var state = new ProviderState(provider, config, readErrors, false, DateTimeOffset.UnixEpoch);
        var validated = ConfigValidator.Validate(
            new Dictionary<string, ProviderState>(StringComparer.Ordinal) { [provider] = state }, EntryPoints, InternalServices, ValidatedConfig.Empty);
        return [.. readErrors, .. validated.View.AllErrors];
    }

    /// <summary>
    /// Null when every error names its source and says something; a problem otherwise. A .NET
    /// exception's text in a message means a parser let one through and printed it instead of
    /// saying what is wrong.
    /// </summary>
    public static string? Unclear(IEnumerable<ConfigError> errors)
    {
        foreach (var error in errors)
        {
            if (string.IsNullOrWhiteSpace(error.Source) || string.IsNullOrWhiteSpace(error.Message))
            {
                return $"an error without source or message: {error}";
            }

            if (error.Message.Contains("Exception", StringComparison.Ordinal) || error.Message.Contains("Object reference", StringComparison.Ordinal))
            {
                return $"an exception's text as the error: {error}";
            }
        }

        return null;
    }
}
