namespace Proxy.Actors.Configuration.Schema;

/// <summary>How one provider's syntax differs, for the few places where it does.</summary>
/// <param name="ScalarLists">
/// A scalar where a list of strings is expected is split on commas, items trimmed and empty ones
/// dropped (labels: <c>entrypoints=web, websecure</c>). Off for YAML, where a scalar in place of a list is
/// the error "expected a list": an explicit error is easier to act on than a surprising split.
/// </param>
/// <param name="TrimValues">Surrounding spaces are dropped from strings and durations (compose files quote <c>"8080 "</c> by accident).</param>
public sealed record DecodeOptions(bool ScalarLists, bool TrimValues)
{
    public static DecodeOptions Yaml { get; } = new(ScalarLists: false, TrimValues: false);

    public static DecodeOptions Labels { get; } = new(ScalarLists: true, TrimValues: true) { FieldsInMappingErrors = true };

    /// <summary>
    /// "expected a mapping" names the fields that may go below the key. A YAML error points at a line that
    /// shows them; a label (<c>proxy.http.routers.web=x</c>) shows nothing of what was meant below it.
    /// </summary>
    public bool FieldsInMappingErrors { get; init; }
}
