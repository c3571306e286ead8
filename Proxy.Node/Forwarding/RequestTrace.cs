using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Proxy.Actors.Model;
using Proxy.Node.Observability;

namespace Proxy.Node.Forwarding;

/// <summary>
/// What the request path learnt for the observers, filled in as it goes: a class because async
/// methods cannot share a struct by reference; allocated only when some observer is on.
/// </summary>
/// <remarks>
/// The response body's size is read, not counted, wherever it can be: a forwarded response with a
/// Content-Length that completed sent exactly that many bytes (Kestrel aborts a response that
/// sends fewer or more), and the proxy's error pages declare theirs. Counting means standing in
/// front of Kestrel's response body feature, and any replacement of that feature, even one that
/// only passes calls through, costs an observed node a measurable share of its throughput
/// (docs/benchmarks.md, observability). So only the
/// bodies whose size cannot be read afterwards are counted: chunked forwarded responses and
/// internal services.
/// </remarks>
internal sealed class RequestTrace
{
    private ResponseBodyCounter? _counter;
    private bool _cutOff;

    public RouteTarget? Route { get; set; }

    public ServerSnapshot? Server { get; set; }

    public int Attempts { get; set; }

    public int OriginStatus { get; set; }

    /// <summary>The user an auth middleware established (basicAuth, digestAuth, forwardAuth's headerField); null when none did.</summary>
    public string? ClientUsername { get; set; }

    /// <summary>The server's body size when a middleware replaced the body the client got (errors); null when none did.</summary>
    public long? OriginBodySize { get; set; }

    /// <summary>
    /// Set by a middleware that re-encoded the body (compress): the bytes the server's answer gave it and the
    /// bytes it sent the client, which then differ.
    /// </summary>
    public (long Origin, long Downstream)? RewrittenBody { get; set; }

    /// <summary>Counts the response body from here on: for a body whose size cannot be read when the request ends.</summary>
    public void CountBody(HttpContext context)
    {
        if (_counter is null)
        {
            _counter = new ResponseBodyCounter(context.Features.GetRequiredFeature<IHttpResponseBodyFeature>());
            context.Features.Set<IHttpResponseBodyFeature>(_counter);
        }
    }

    /// <summary>A forward failed after the response had started: how much of its body got through is unknown.</summary>
    public void CutOff() => _cutOff = true;

    /// <summary>Puts Kestrel's body feature back when the request ends (the context is pooled and reused).</summary>
    public void StopCounting(HttpContext context)
    {
        if (_counter is not null)
        {
            context.Features.Set(_counter.Inner);
        }
    }

    /// <summary>The bytes of body the client was sent, or null when unknown (a forwarded response cut off mid-body).</summary>
    public long? BodySize(HttpContext context)
    {
        var response = context.Response;
        // Kestrel drops a body written to a HEAD response, and 204 and 304 have none.
        if (HttpMethods.IsHead(context.Request.Method) || response.StatusCode is StatusCodes.Status204NoContent or StatusCodes.Status304NotModified)
        {
            return 0;
        }

        if (_counter is not null)
        {
            return _counter.Bytes;
        }

        if (_cutOff)
        {
            return null;
        }

        // A response that had not started when the request ended is sent with Content-Length: 0.
        return response.HasStarted ? response.ContentLength ?? 0 : 0;
    }
}
