using YamlDotNet.RepresentationModel;

namespace Proxy.Discovery.File;

/// <summary>Questions about single YAML nodes that the representation model leaves to us.</summary>
internal static class YamlValues
{
    /// <summary>
    /// YAML's null (<c>key:</c>, <c>~</c>, <c>null</c>) only when unquoted: <c>"null"</c> is the string.
    /// The representation model does not resolve tags, so this is ours to decide.
    /// </summary>
    public static bool IsNull(YamlNode node) =>
        node is YamlScalarNode { Style: not (YamlDotNet.Core.ScalarStyle.SingleQuoted or YamlDotNet.Core.ScalarStyle.DoubleQuoted) } scalar
        && scalar.Value is null or "" or "~" or "null" or "Null" or "NULL";

    /// <summary>How an error message shows a value the operator wrote.</summary>
    public static string Describe(YamlNode node) => node switch
    {
        YamlMappingNode => "a mapping",
        YamlSequenceNode => "a list",
        _ when IsNull(node) => "nothing",
        YamlScalarNode scalar => $"'{scalar.Value}'",
        _ => "an unsupported node",
    };
}
