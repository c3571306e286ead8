namespace Proxy.Discovery.Labels;

/// <summary>
/// What the labels say about the one server a container adds to a service. Unlike the rest of a
/// service this is not yet configuration: the URL needs the container's address, which only the
/// translator knows.
/// </summary>
public sealed record ServerLabels(int? Port, string? Scheme, string? Url, int? Weight)
{
    public static ServerLabels None { get; } = new(null, null, null, null);
}
