namespace Proxy.Actors.Configuration.Schema;

/// <summary>
/// One problem found while decoding: the full dotted path (<c>http.routers.web.priority</c>), the place it
/// was written when the provider knows it, and what is wrong, ending with what was left out because of it.
/// </summary>
public sealed record DecodeError(string Path, KeyPosition? Position, string Message)
{
    /// <summary>The message with its place in front (<c>line 7: expected an integer, got 'abc'</c>).</summary>
    public string MessageWithPosition => Position is null ? Message : $"{Position.Describe()}: {Message}";
}
