namespace Proxy.Node.Hosting;

/// <summary>The type of a static option's value, which decides how it is parsed, checked and shown in help.</summary>
public enum OptionKind
{
    String,
    Bool,
    Int,
    Duration,
    Address,
    Enum,
}
