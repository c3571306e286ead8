using Microsoft.AspNetCore.Http;
using Proxy.Actors.Model;
using Proxy.Actors.Routing;
using Proxy.Actors.Services.Composite;
using Proxy.Node.Forwarding.Mirroring;

namespace Proxy.Node.Forwarding;

/// <summary>
/// A router's service over services (weighted, failover, mirroring): resolved to one load balancer by
/// <see cref="CompositePolicy"/>, whose own pick and retries then run as for any service (a retry stays within
/// that load balancer: the weighted split is of requests, not of attempts). Mirrors' copies go out first, in the
/// background.
/// </summary>
public sealed partial class ProxyHandler
{
    private MirrorSender? _mirrorSender;

    private MirrorSender Mirrors => _mirrorSender ??= new MirrorSender(backends, options.ResponseHeaderTimeout, log);

    private async Task<RouterOutcome> SendCompositeAsync(
        HttpContext context, RouteTarget route, ServiceSnapshot service, RequestRewrite rewrite, ForwardedHeadersPolicy forwarded, RequestTrace? trace)
    {
        var copies = new List<MirrorCopy>();
        if (CompositePolicy.Resolve(service, copies) is not { } leaf)
        {
            await ErrorResponses.Write(context, StatusCodes.Status503ServiceUnavailable).ConfigureAwait(false);
            return RouterOutcome.Unavailable;
        }

        if (copies.Count > 0)
        {
            await SendCopiesAsync(context.Request, copies, rewrite).ConfigureAwait(false);
        }

        return await SendAsync(context, route, leaf, rewrite, forwarded, trace).ConfigureAwait(false);
    }

    /// <summary>
    /// The copies, each with the body when its mirroring service sends bodies and the body is within its
    /// <c>maxBodySize</c>; a copy whose body is over is not sent. The body is read whole first (and kept for the
    /// forwarding to read again): a copy cannot wait on a client that sends slowly.
    /// </summary>
    private async Task SendCopiesAsync(HttpRequest request, List<MirrorCopy> copies, RequestRewrite rewrite)
    {
        var mirrored = MirrorRequest.Of(request, rewrite);
        var hasBody = request.ContentLength > 0 || (request.ContentLength is null && request.Headers.TransferEncoding.Count > 0);
        ReadOnlyMemory<byte>? body = null;
        if (hasBody && copies.Any(c => c.MirrorBody && Fits(c, request.ContentLength)))
        {
            var limit = copies.Any(c => c.MaxBodySize < 0) ? long.MaxValue : copies.Max(c => c.MaxBodySize);
            body = await BodyCopy.ReadAsync(request, limit).ConfigureAwait(false);
        }

        foreach (var copy in copies)
        {
            if (!hasBody || !copy.MirrorBody)
            {
                Mirrors.Send(copy, mirrored, null, rewrite);
            }
            else if (body is { } bytes && Fits(copy, bytes.Length))
            {
                Mirrors.Send(copy, mirrored, bytes, rewrite);
            }
        }

        static bool Fits(MirrorCopy copy, long? length) => copy.MaxBodySize < 0 || length is not { } known || known <= copy.MaxBodySize;
    }
}
