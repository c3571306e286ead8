namespace Proxy.Actors.Model;

/// <summary>
/// One problem in configuration: where it came from (<c>file:/etc/proxy/dynamic.yml</c>,
/// <c>docker:web-1</c>), the dotted path of the object or field, and what is wrong.
/// </summary>
public sealed record ConfigError(string Source, string Path, string Message)
{
    public override string ToString() => $"{Source}: {Path}: {Message}";
}
