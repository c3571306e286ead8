namespace Proxy.Actors.Configuration.Schema;

/// <summary>
/// One value as text. <see cref="Value"/> is null for "nothing" (YAML's unquoted <c>key:</c>,
/// <c>~</c>, <c>null</c>): a field given nothing is absent, while a quoted <c>"null"</c> is the text.
/// </summary>
public sealed record ScalarNode(string? Value, KeyPosition? Position) : KeyNode(Position)
{
    public bool IsNull => Value is null;

    public override string Describe() => Value is null ? "nothing" : $"'{Value}'";
}
