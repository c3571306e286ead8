using System.Collections.Concurrent;
using System.Net;
using Proxy.Actors.Model;
using Yarp.ReverseProxy.Forwarder;

namespace Proxy.Node.Forwarding;

/// <summary>
/// How a request is sent to a server of a service with a servers transport: the transport's response header timeout
/// (none when 0, Traefik's default) and its HTTP versions. An https server is offered HTTP/2 by ALPN and answers in
/// what it chooses (gRPC over TLS needs HTTP/2), unless <c>disableHTTP2</c>; h2c is HTTP/2 with prior knowledge, as
/// without a transport; http is HTTP/1.1. One config per distinct combination, made once, not per request.
/// </summary>
internal sealed class TransportRequestConfigs
{
    private readonly ConcurrentDictionary<(TimeSpan Timeout, Protocol Protocol), ForwarderRequestConfig> _configs = new();

    private enum Protocol
    {
        Http11,
        Http2OrLower,
        Http2Only,
    }

    public ForwarderRequestConfig For(ServerSnapshot server, ServersTransportSpec transport)
    {
        var protocol = server.IsH2c
            ? Protocol.Http2Only
            : !transport.DisableHttp2 && server.IsHttps
                ? Protocol.Http2OrLower
                : Protocol.Http11;
        return _configs.GetOrAdd((transport.ResponseHeaderTimeout, protocol), static key => new ForwarderRequestConfig
        {
            ActivityTimeout = key.Timeout,
            Version = key.Protocol == Protocol.Http11 ? HttpVersion.Version11 : HttpVersion.Version20,
            VersionPolicy = key.Protocol == Protocol.Http2Only ? HttpVersionPolicy.RequestVersionExact : HttpVersionPolicy.RequestVersionOrLower,
        });
    }
}
