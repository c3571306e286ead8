namespace Proxy.Actors.Configuration.Schema;

/// <summary>
/// Where a key or value was written, so that an error can point at it: a line and column in a
/// file, or the label it came from.
/// </summary>
public abstract record KeyPosition
{
    private KeyPosition()
    {
    }

    /// <summary>How an error message names the place: <c>line 7</c>, <c>label proxy.http.routers.web.rule</c>.</summary>
    public abstract string Describe();

    /// <summary>A place in a YAML file; lines and columns count from 1, as editors show them.</summary>
    public sealed record LineColumn(long Line, long Column) : KeyPosition
    {
        public override string Describe() => $"line {Line}";
    }

    /// <summary>A container label: the whole key as written.</summary>
    public sealed record Label(string Key) : KeyPosition
    {
        public override string Describe() => $"label {Key}";
    }
}
