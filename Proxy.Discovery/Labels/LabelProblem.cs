namespace Proxy.Discovery.Labels;

/// <summary>
/// One label that could not be read. The parser knows the label, not the container: the caller
/// turns this into a <see cref="Proxy.Actors.Model.ConfigError"/> that names both.
/// </summary>
/// <param name="Label">The label key as written.</param>
/// <param name="Path">The dotted path of the object and field it concerns (<c>http.routers.web.rule</c>), names in the spelling the parser kept.</param>
/// <param name="Problem">What is wrong, for an operator.</param>
public sealed record LabelProblem(string Label, string Path, string Problem);
