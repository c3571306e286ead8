using System.Collections.Concurrent;
using System.Net;
using Microsoft.Net.Http.Headers;

namespace Proxy.Node.Forwarding;

/// <summary>
/// What every request to a server goes through, so that the client's Host does not decide how many connections the
/// node holds to it. SocketsHttpHandler keys its pools of an https URI by the Host header (its SNI, which
/// <see cref="ServersTransportConnection"/> never sends): passed on from clients, each Host would open and keep
/// connections of its own to one server, as many as the names a client cares to send.
/// <list type="bullet">
/// <item>An https request in HTTP/1.1 goes with an http URI on one pool whose connections speak TLS all the same
/// (offering only http/1.1): HTTP/1.1 carries no scheme, so the server reads the same bytes, and every Host shares the
/// pool.</item>
/// <item>One that may speak HTTP/2 (offered h2 by ALPN, as gRPC needs) has no such way: its pool is the Host's, in a
/// handler of its own, and at most <see cref="MaxHttp2Hosts"/> are kept. A Host beyond them is sent in HTTP/1.1 on the
/// shared pool, which its version policy allows, unless it must be HTTP/2 (gRPC, a WebSocket over HTTP/2, an exact
/// version): then the least recently used Host's handler is closed for it, and finishes the requests it carries.</item>
/// <item>Anything else (http, h2c) goes as it came: SocketsHttpHandler keys those pools by address only.</item>
/// </list>
/// </summary>
/// <param name="create">A handler through the server's transport; <c>true</c>: its connections always speak TLS and offer HTTP/1.1 only.</param>
/// <param name="idleTimeout">How long the handlers' connections idle: a Host's handler unused as long holds none, and gives its place up to any Host.</param>
internal sealed class BackendHandler(Func<bool, SocketsHttpHandler> create, TimeSpan idleTimeout, TimeProvider time) : HttpMessageHandler
{
    /// <summary>The most Hosts whose HTTP/2 connections to one server are kept (a pool each, one connection each unless its streams fill it).</summary>
    public const int MaxHttp2Hosts = 32;

    private readonly HttpMessageInvoker _byAddress = new(create(false));
    private readonly HttpMessageInvoker _http11OverTls = new(create(true));
    private readonly ConcurrentDictionary<string, HostPool> _http2ByHost = new(StringComparer.Ordinal);
    private readonly Lock _admission = new();
    private bool _disposed;

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.RequestUri is not { } uri || !string.Equals(uri.Scheme, Uri.UriSchemeHttps, StringComparison.OrdinalIgnoreCase))
        {
            return _byAddress.SendAsync(request, cancellationToken);
        }

        if (request.Version.Major < 2 && request.VersionPolicy != HttpVersionPolicy.RequestVersionOrHigher)
        {
            return SendHttp11Async(request, uri, cancellationToken);
        }

        // The key is the Host as sent, not folded: within a handler SocketsHttpHandler keys by it verbatim, and a
        // folded key would let case variants of one name open pools inside one handler.
        var host = request.Headers.Host ?? "";
        if (Rent(host, MustBeHttp2(request)) is { } pool)
        {
            return SendHttp2Async(pool, request, cancellationToken);
        }

        return SendHttp11Async(request, uri, cancellationToken);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            lock (_admission)
            {
                _disposed = true;
                foreach (var (host, pool) in _http2ByHost)
                {
                    _http2ByHost.TryRemove(KeyValuePair.Create(host, pool));
                    pool.Pool.Retire();
                }
            }

            _byAddress.Dispose();
            _http11OverTls.Dispose();
        }

        base.Dispose(disposing);
    }

    /// <summary>
    /// Whether <paramref name="request"/> would fail or change meaning in HTTP/1.1: gRPC (its trailers), an exact
    /// version (YARP's WebSocket over HTTP/2, an extended CONNECT), or a policy that allows only higher.
    /// </summary>
    private static bool MustBeHttp2(HttpRequestMessage request) =>
        request.VersionPolicy != HttpVersionPolicy.RequestVersionOrLower || IsGrpc(request.Content?.Headers.ContentType?.MediaType);

    /// <summary>gRPC's media types (<c>application/grpc</c>, <c>application/grpc+proto</c>...), not gRPC-Web's, which HTTP/1.1 carries.</summary>
    private static bool IsGrpc(string? mediaType) =>
        mediaType is not null
        && mediaType.StartsWith("application/grpc", StringComparison.OrdinalIgnoreCase)
        && (mediaType.Length == "application/grpc".Length || mediaType["application/grpc".Length] == '+');

    private static async Task<HttpResponseMessage> SendHttp2Async(BackendInvokers.Pool pool, HttpRequestMessage request, CancellationToken cancellation)
    {
        // Held until the response's headers: a handler closed after that lets its connections finish the streams
        // they carry (a closed HTTP/2 connection takes no new stream and ends with its last).
        try
        {
            return await pool.Invoker.SendAsync(request, cancellation).ConfigureAwait(false);
        }
        finally
        {
            pool.Release();
        }
    }

    private async Task<HttpResponseMessage> SendHttp11Async(HttpRequestMessage request, Uri uri, CancellationToken cancellation)
    {
        var (version, policy) = (request.Version, request.VersionPolicy);
        // The port is written out: http's default is not https's. Without a Host of its own the request would carry
        // that port in the one SocketsHttpHandler writes, where the server would have read its https form.
        request.RequestUri = new UriBuilder(uri) { Scheme = Uri.UriSchemeHttp, Port = uri.Port }.Uri;
        var ownHost = !request.Headers.Contains(HeaderNames.Host);
        if (ownHost)
        {
            request.Headers.Host = AuthorityOf(uri);
        }

        request.Version = HttpVersion.Version11;
        request.VersionPolicy = HttpVersionPolicy.RequestVersionOrLower;
        try
        {
            return await _http11OverTls.SendAsync(request, cancellation).ConfigureAwait(false);
        }
        finally
        {
            // The caller's message as it gave it (YARP's log of a failure names its URI). The connection has written
            // the request's head by now, and reads none of these again; a connection still being opened for it may
            // read its version, which is why this handler's connections offer HTTP/1.1 whatever the version.
            (request.RequestUri, request.Version, request.VersionPolicy) = (uri, version, policy);
            if (ownHost)
            {
                request.Headers.Host = null;
            }
        }
    }

    /// <summary>The Host SocketsHttpHandler writes for <paramref name="uri"/>: its port only when not https's.</summary>
    private static string AuthorityOf(Uri uri)
    {
        var host = uri.HostNameType == UriHostNameType.IPv6 ? $"[{uri.IdnHost}]" : uri.IdnHost;
        return uri.IsDefaultPort ? host : $"{host}:{uri.Port}";
    }

    /// <summary>
    /// <paramref name="host"/>'s handler, held by the caller until it releases it; null when there is no room for
    /// another and <paramref name="mustBeHttp2"/> is not set. The lookup of a Host already kept takes no lock.
    /// </summary>
    private BackendInvokers.Pool? Rent(string host, bool mustBeHttp2)
    {
        if (_http2ByHost.TryGetValue(host, out var kept) && kept.Pool.TryAcquire())
        {
            kept.Touch(time);
            return kept.Pool;
        }

        lock (_admission)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_http2ByHost.TryGetValue(host, out kept))
            {
                if (kept.Pool.TryAcquire())
                {
                    kept.Touch(time);
                    return kept.Pool;
                }

                _http2ByHost.TryRemove(KeyValuePair.Create(host, kept)); // retired by Dispose's race, never by this lock's holder
            }

            if (_http2ByHost.Count >= MaxHttp2Hosts)
            {
                var (oldestHost, oldest) = _http2ByHost.MinBy(entry => entry.Value.LastUsed);
                var idle = idleTimeout > TimeSpan.Zero && time.GetElapsedTime(oldest.LastUsed) >= idleTimeout;
                if (!mustBeHttp2 && !idle)
                {
                    return null;
                }

                _http2ByHost.TryRemove(KeyValuePair.Create(oldestHost, oldest));
                oldest.Pool.Retire();
            }

            var fresh = new HostPool(new BackendInvokers.Pool(new HttpMessageInvoker(create(false))));
            fresh.Pool.TryAcquire();
            fresh.Touch(time);
            _http2ByHost[host] = fresh;
            return fresh.Pool;
        }
    }

    /// <summary>A Host's handler and when a request last took it (a timestamp of the clock).</summary>
    private sealed class HostPool(BackendInvokers.Pool pool)
    {
        private long _lastUsed;

        public BackendInvokers.Pool Pool { get; } = pool;

        public long LastUsed => Volatile.Read(ref _lastUsed);

        public void Touch(TimeProvider time) => Volatile.Write(ref _lastUsed, time.GetTimestamp());
    }
}
