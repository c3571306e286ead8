using System.Text;
using System.Text.RegularExpressions;

namespace Proxy.Discovery.Docker;

/// <summary>
/// Renders the default rule: the subset of Go templates that Traefik's documented default rules use.
/// <c>.Name</c> is the container's default service name (Traefik's meaning: <c>&lt;service&gt;-&lt;project&gt;</c>
/// for compose containers, else the container name), <c>.ContainerName</c> the container name,
/// <c>index .Labels "key"</c> a label (empty when absent, as Go's index of a missing map key),
/// and <c>normalize</c> applies <see cref="DockerNames.Normalize"/> to any of them.
/// </summary>
public static partial class DefaultRuleTemplate
{
    public static bool TryRender(string template, ContainerInfo container, out string rule, out string problem)
    {
        var output = new StringBuilder();
        var position = 0;
        problem = "";
        foreach (Match action in Action().Matches(template))
        {
            output.Append(template, position, action.Index - position);
            if (!TryEvaluate(action.Groups["expr"].Value.Trim(), container, out var value))
            {
                rule = "";
                problem = $"unsupported template action '{action.Value}' (supported: .Name, .ContainerName, index .Labels \"key\", each optionally after normalize)";
                return false;
            }

            output.Append(value);
            position = action.Index + action.Length;
        }

        output.Append(template, position, template.Length - position);
        rule = output.ToString();
        return true;
    }

    private static bool TryEvaluate(string expression, ContainerInfo container, out string value)
    {
        if (expression.StartsWith("normalize ", StringComparison.Ordinal))
        {
            var ok = TryEvaluate(expression["normalize ".Length..].Trim(), container, out var inner);
            value = ok ? DockerNames.Normalize(inner) : "";
            return ok;
        }

        if (expression.Length > 1 && expression[0] == '(' && expression[^1] == ')')
        {
            return TryEvaluate(expression[1..^1].Trim(), container, out value);
        }

        if (LabelIndex().Match(expression) is { Success: true } index)
        {
            value = container.Labels.GetValueOrDefault(index.Groups["key"].Value) ?? "";
            return true;
        }

        (var known, value) = expression switch
        {
            ".Name" => (true, DockerNames.DefaultServiceName(container)),
            ".ContainerName" => (true, container.Name),
            _ => (false, ""),
        };
        return known;
    }

    [GeneratedRegex(@"\{\{-?(?<expr>.*?)-?\}\}")]
    private static partial Regex Action();

    [GeneratedRegex(@"^index\s+\.Labels\s+""(?<key>[^""]*)""$")]
    private static partial Regex LabelIndex();
}
