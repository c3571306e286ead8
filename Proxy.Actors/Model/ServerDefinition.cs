namespace Proxy.Actors.Model;

/// <summary>A validated server of a load-balanced service; <paramref name="Source"/> as in <see cref="Config.ServerConfig"/>.</summary>
public sealed record ServerDefinition(string Url, Uri Uri, int Weight, bool Draining, string? Source = null)
{
    /// <summary>Spoken to in HTTP/2 with prior knowledge, never HTTP/1.1: the URL's scheme is <c>h2c</c>.</summary>
    public bool IsH2c => ServerScheme.IsH2c(Uri);

    /// <summary>The address requests are sent to: the URL, with <c>h2c</c> spelled as the <c>http</c> it is on the wire.</summary>
    public string DestinationPrefix => ServerScheme.Destination(Url);
}
