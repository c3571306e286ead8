namespace Proxy.Actors.Configuration.Schema;

/// <summary>
/// What a check found wrong with a field's value. <see cref="SubPath"/> points inside the value
/// (<c>[1]</c> for a list item, <c>.X-Name</c> for a map entry), empty for the value itself.
/// </summary>
public sealed record FieldProblem(string SubPath, string Message)
{
    public static FieldProblem Of(string message) => new("", message);
}
