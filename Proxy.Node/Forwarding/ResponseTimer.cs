using Microsoft.AspNetCore.Http;
using Proxy.Actors.Model;
using Yarp.ReverseProxy.Forwarder;

namespace Proxy.Node.Forwarding;

/// <summary>
/// Times one attempt's first byte for the leasttime strategy: from the request leaving (after its transform) to
/// the response's headers arriving, told to the server's <see cref="ServerCounters"/>. A server that never
/// answered adds no sample. Everything else is the wrapped transformer's.
/// </summary>
internal sealed class ResponseTimer(HttpTransformer inner, ServerCounters counters, TimeProvider time) : HttpTransformer
{
    private long _sent;

    public override async ValueTask TransformRequestAsync(
        HttpContext httpContext, HttpRequestMessage proxyRequest, string destinationPrefix, CancellationToken cancellationToken)
    {
        await inner.TransformRequestAsync(httpContext, proxyRequest, destinationPrefix, cancellationToken).ConfigureAwait(false);
        _sent = time.GetTimestamp();
    }

    public override ValueTask<bool> TransformResponseAsync(HttpContext httpContext, HttpResponseMessage? proxyResponse, CancellationToken cancellationToken)
    {
        if (proxyResponse is not null && _sent != 0)
        {
            counters.Responded(time.GetElapsedTime(_sent), _sent);
        }

        return inner.TransformResponseAsync(httpContext, proxyResponse, cancellationToken);
    }

    public override ValueTask TransformResponseTrailersAsync(HttpContext httpContext, HttpResponseMessage proxyResponse, CancellationToken cancellationToken) =>
        inner.TransformResponseTrailersAsync(httpContext, proxyResponse, cancellationToken);
}
