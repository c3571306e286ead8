using System.Collections.Immutable;
using Proxy.Actors.Configuration.Schema;

namespace Proxy.Actors.Tests.Configuration.Schema;

/// <summary>
/// Key trees written compactly. Each node gets the next line number as it is built; a key given a scalar
/// shares its value's line, as <c>key: value</c> does in YAML.
/// </summary>
internal sealed class Tree
{
    private long _line;

    public MappingNode Map(params (string Key, KeyNode Value)[] entries) =>
        new([.. entries.Select(e => new KeyEntry(e.Key, e.Value is ScalarNode ? e.Value.Position : Next(), e.Value))], Next());

    public SequenceNode List(params KeyNode[] items) => new([.. items], Next());

    public ScalarNode Text(string? value) => new(value, Next());

    public SequenceNode Texts(params string[] items) => List([.. items.Select(Text)]);

    private KeyPosition.LineColumn Next() => new(++_line, 1);
}
