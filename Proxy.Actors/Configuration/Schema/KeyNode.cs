namespace Proxy.Actors.Configuration.Schema;

/// <summary>
/// A tree of keys and values as a provider read it, before any field is known: what the YAML file
/// provider and the label provider both hand to <see cref="SchemaDecoder"/>. A node carries the
/// place it was written (null when the provider has none), so that every error can point at it.
/// </summary>
public abstract record KeyNode(KeyPosition? Position)
{
    /// <summary>How an error message shows what was written instead of what was expected.</summary>
    public abstract string Describe();
}
