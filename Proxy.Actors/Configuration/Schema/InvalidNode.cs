namespace Proxy.Actors.Configuration.Schema;

/// <summary>
/// A place where the provider found no usable value, with the reason (<see cref="Problem"/>): labels
/// give one key both a value and keys below it, or number a list's items with a gap. The provider
/// cannot tell which object this spoils; the decoder reports it where it would have read a value,
/// so that it costs that object only, as a wrong value would.
/// </summary>
public sealed record InvalidNode(string Problem, KeyPosition? Position) : KeyNode(Position)
{
    public override string Describe() => "an invalid value";
}
