namespace Proxy.Actors.Configuration.Schema;

/// <summary>
/// One problem found while decoding: the full dotted path (<c>http.routers.web.priority</c>), the place it
/// was written when the provider knows it, and what is wrong, ending with what was left out because of it.
/// <see cref="Ignored"/> marks a key the decoder skipped while decoding the rest (a section we do not serve,
/// see <see cref="SchemaBuilder{TRecord}.IgnoresUnsupported"/>): a provider that drops more than the key can
/// say so itself, from the flag rather than from the wording.
/// </summary>
public sealed record DecodeError(string Path, KeyPosition? Position, string Problem, bool Ignored = false)
{
    /// <summary>The problem and what was done about it (<c>...; it is ignored</c> for an ignored key).</summary>
    public string Message => Ignored ? $"{Problem}; it is ignored" : Problem;

    /// <summary>The message with its place in front (<c>line 7: expected an integer, got 'abc'</c>).</summary>
    public string MessageWithPosition => Position is null ? Message : $"{Position.Describe()}: {Message}";
}
