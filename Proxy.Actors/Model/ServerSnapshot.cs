using Akka.Actor;

namespace Proxy.Actors.Model;

/// <summary>
/// A server as the request path sees it: where to send, whether it may, and whom to tell
/// about failures. <see cref="Reason"/> says why the health is what it is, for the API. <see cref="DestinationPrefix"/> is the URL without a trailing slash.
/// </summary>
public sealed record ServerSnapshot(
    string Url,
    string DestinationPrefix,
    int Weight,
    ServerHealth Health,
    string Reason,
    IActorRef Backend,
    ServerCounters Counters)
{
    public bool IsAvailable => Health == ServerHealth.Up;

    /// <summary>
    /// Down only because a connection was refused (here or on another node): avoided while another
    /// server can take the request, tried when none can, so that a refusal never turns a request
    /// that could have succeeded into a 503.
    /// </summary>
    public bool IsLastResort { get; init; }

    /// <summary>Forwarded in HTTP/2 only, with prior knowledge (the server's URL is <c>h2c://</c>); <see cref="DestinationPrefix"/> is its http:// address.</summary>
    public bool IsH2c { get; init; }

    /// <summary>Spoken to over TLS: its address is <c>https://</c> (an h2c server's is <c>http://</c>).</summary>
    public bool IsHttps => _isHttps;

    // The pool key and the scheme are read on every request: found when the address or the transport is set, not on each read.
    private readonly string _destinationPrefix = DestinationPrefix;
    private readonly ServersTransportSpec? _transport;
    private readonly string _poolKey = DestinationPrefix;
    private readonly bool _isHttps = IsHttpsAddress(DestinationPrefix);

    public string DestinationPrefix
    {
        get => _destinationPrefix;
        init => (_destinationPrefix, _poolKey, _isHttps) = (value, KeyOf(value, _transport), IsHttpsAddress(value));
    }

    /// <summary>The servers transport of its service; null: the node's default.</summary>
    public ServersTransportSpec? Transport
    {
        get => _transport;
        init => (_transport, _poolKey) = (value, KeyOf(_destinationPrefix, value));
    }

    /// <summary>
    /// Which connection pool it is sent through: its address, and its transport's identity when it has one, so that two
    /// services naming one address with different transports (other CAs, another client certificate) never share a
    /// connection, and a changed transport gets new ones.
    /// </summary>
    public string PoolKey => _poolKey;

    private static bool IsHttpsAddress(string destinationPrefix) =>
        destinationPrefix.StartsWith(ServerScheme.Https + ":", StringComparison.OrdinalIgnoreCase);

    private static string KeyOf(string destinationPrefix, ServersTransportSpec? transport) =>
        transport is null ? destinationPrefix : destinationPrefix + " " + transport.Identity;
}
