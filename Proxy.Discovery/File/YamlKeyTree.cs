using Proxy.Actors.Configuration.Schema;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Proxy.Discovery.File;

/// <summary>
/// YamlDotNet's node tree as the decoder's <see cref="KeyNode"/> tree, each node with its line and column.
/// </summary>
/// <remarks>
/// An alias is the anchored node itself in YamlDotNet's tree, and stays one shared node here: each
/// YAML node is converted once, so an alias bomb (nine aliases of nine aliases...) costs its size in
/// the file, not its expansion. The decoder then reads only what the fields it knows ask for.
/// </remarks>
internal sealed class YamlKeyTree
{
    private readonly Dictionary<YamlNode, KeyNode> _converted = new(ReferenceEqualityComparer.Instance);

    public static KeyNode From(YamlNode root) => new YamlKeyTree().Convert(root);

    /// <summary>
    /// YAML's null (<c>key:</c>, <c>~</c>, <c>null</c>) only when unquoted: <c>"null"</c> is the string.
    /// The representation model does not resolve tags, so this is ours to decide.
    /// </summary>
    public static bool IsNull(YamlNode node) =>
        node is YamlScalarNode { Style: not (ScalarStyle.SingleQuoted or ScalarStyle.DoubleQuoted) } scalar
        && scalar.Value is null or "" or "~" or "null" or "Null" or "NULL";

    private KeyNode Convert(YamlNode node)
    {
        if (_converted.TryGetValue(node, out var done))
        {
            return done;
        }

        KeyNode converted = node switch
        {
            YamlMappingNode mapping => new MappingNode([.. mapping.Children.Select(Entry)], At(node)),
            YamlSequenceNode sequence => new SequenceNode([.. sequence.Children.Select(Convert)], At(node)),
            YamlScalarNode scalar => new ScalarNode(IsNull(scalar) ? null : scalar.Value, At(node)),
            // The representation model resolves aliases while loading; no other node kind reaches here.
            _ => new ScalarNode(null, At(node)),
        };
        _converted[node] = converted;
        return converted;
    }

    private KeyEntry Entry(KeyValuePair<YamlNode, YamlNode> entry) =>
        entry.Key is YamlScalarNode { Value: { } name }
            ? new KeyEntry(name, At(entry.Key), Convert(entry.Value))
            : new KeyEntry("", At(entry.Key), Convert(entry.Value)) { InvalidKey = Convert(entry.Key).Describe() };

    private static KeyPosition.LineColumn At(YamlNode node) => new(node.Start.Line, node.Start.Column);
}
