using System.Net;

namespace Proxy.Node.Observability;

/// <summary>
/// What one request was, made once when it ends and handed to every observer (metrics, access
/// log). A struct of references and numbers the request already holds: building it allocates
/// nothing, and the client address is turned into text only by an observer that needs it, off the
/// request path.
/// </summary>
/// <param name="Path">The request target as sent, query included (Traefik's RequestPath).</param>
/// <param name="Router">Null when no router matched (404).</param>
/// <param name="Service">Null when no router matched.</param>
/// <param name="ServerUrl">The last server tried, or null when none was (404, 503, internal service).</param>
/// <param name="OriginStatus">The status the last server answered, or 0 when none answered (Traefik's OriginStatus).</param>
/// <param name="RetryAttempts">Attempts after the first.</param>
/// <param name="DownstreamContentSize">Response body bytes sent to the client, error pages and internal services included (Traefik's DownstreamContentSize); null when unknown: a forwarded response cut off mid-body.</param>
/// <param name="OriginContentSize">Response body bytes the last server's answer put through to the client, 0 when no server answered (Traefik's OriginContentSize); null as the other.</param>
/// <param name="Referer">The request's first Referer header, or null without one.</param>
/// <param name="UserAgent">The request's first User-Agent header, or null without one.</param>
/// <param name="ClientUsername">The user an auth middleware established (Traefik's ClientUsername), or null when none did.</param>
public readonly record struct RequestRecord(
    string EntryPoint,
    string? Router,
    string? Service,
    string? ServerUrl,
    string Method,
    string Protocol,
    string Path,
    IPAddress? ClientAddress,
    int DownstreamStatus,
    int OriginStatus,
    TimeSpan Duration,
    int RetryAttempts,
    DateTime StartUtc,
    long? DownstreamContentSize,
    long? OriginContentSize,
    string? Referer,
    string? UserAgent,
    string? ClientUsername = null);
