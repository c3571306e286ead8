namespace Proxy.Discovery.Labels;

/// <summary>
/// One label that could not be read. The parser knows the label, not the container: the caller
/// turns this into a <see cref="Proxy.Actors.Model.ConfigError"/> that names both.
/// </summary>
/// <param name="Label">The label key as written.</param>
/// <param name="Path">The dotted path of the object and field it concerns (<c>http.routers.web.rule</c>), field names as declared, names in the spelling the parser kept.</param>
/// <param name="Problem">What is wrong, for an operator; for a problem inside a router, service or middleware, ending with that it is left out.</param>
/// <param name="LeavesOutContainer">
/// True for a problem outside any router, service or middleware (<c>enable</c>, <c>docker.network</c>, a
/// misspelt section): no one object holds it, and guessing what the container meant could expose it wrongly.
/// </param>
public sealed record LabelProblem(string Label, string Path, string Problem, bool LeavesOutContainer);
