using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Proxy.Actors.Model.Config;
using Proxy.Actors.Model.Middlewares;
using Proxy.Actors.Routing;

namespace Proxy.Node.Middlewares.Compress;

/// <summary>
/// compress: runs around the rest of the chain with the response body in front of Kestrel's
/// (<see cref="CompressingBody"/>), in the encoding the request accepts (<see cref="AcceptEncoding"/>), and puts
/// Kestrel's back after. A HEAD, a request that accepts none of the encodings, and a request whose own
/// Content-Type is excluded (Traefik's check) go on untouched and cost nothing more.
/// </summary>
internal sealed class CompressHandler(MiddlewareSnapshot definition, CompressConfig options, TimeProvider time) : IHttpMiddleware
{
    private readonly CompressPolicy _policy = new(options);

    public CompressHandler(MiddlewareSnapshot definition, CompressConfig options)
        : this(definition, options, TimeProvider.System)
    {
    }

    public MiddlewareSnapshot Definition => definition;

    public bool Wraps => true;

    public async ValueTask<RouterOutcome> InvokeAsync(MiddlewareRequest request, NextStep next)
    {
        var context = request.Context;
        if (HttpMethods.IsHead(context.Request.Method)
            || _policy.ExcludesRequest(context.Request)
            || AcceptEncoding.Choose(context.Request.Headers.AcceptEncoding, _policy.Encodings, _policy.DefaultEncoding) is not { } encoding
            || context.Features.Get<IHttpResponseBodyFeature>() is not { } kestrels)
        {
            return await next.InvokeAsync().ConfigureAwait(false);
        }

        await using var body = new CompressingBody(context, kestrels, encoding, _policy, time, request.Trace);
        context.Features.Set<IHttpResponseBodyFeature>(body);
        try
        {
            var outcome = await next.InvokeAsync().ConfigureAwait(false);
            await body.FinishAsync().ConfigureAwait(false);
            return outcome;
        }
        finally
        {
            // The access log's counter may stand in front of this one now; it puts back what it wrapped.
            if (ReferenceEquals(context.Features.Get<IHttpResponseBodyFeature>(), body))
            {
                context.Features.Set(kestrels);
            }
        }
    }
}
