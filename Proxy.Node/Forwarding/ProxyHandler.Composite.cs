using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;
using Proxy.Actors.Model;
using Proxy.Actors.Routing;
using Proxy.Actors.Services.Composite;
using Proxy.Node.Forwarding.Mirroring;

namespace Proxy.Node.Forwarding;

/// <summary>
/// A router's service over services (weighted, failover, mirroring): resolved to one load balancer by
/// <see cref="CompositePolicy"/>, whose own pick and retries then run as for any service (a retry stays within
/// that load balancer: the weighted split is of requests, not of attempts). Mirrors' copies go out first, in the
/// background. The cookies of sticky weighted services on the way go on the response with each attempt, as the
/// load balancer's own does.
/// </summary>
public sealed partial class ProxyHandler
{
    private MirrorSender? _mirrorSender;

    private MirrorSender Mirrors => _mirrorSender ??= new MirrorSender(backends, RequestConfigOf, MirrorSender.CutOf(options.ResponseHeaderTimeout), options.MirrorMaxBytesInFlight, Time, log);

    private async Task<RouterOutcome> SendCompositeAsync(
        HttpContext context, RouteTarget route, ServiceSnapshot service, RequestRewrite rewrite, ForwardedHeadersPolicy forwarded, RequestTrace? trace)
    {
        var copies = new List<MirrorCopy>();
        // Cookies are read and collected only where a sticky weighted service may be on the way (the snapshot knows).
        var sticky = service.Composite?.HasStickyOnTheWay == true;
        var weightedCookies = sticky ? new List<string>() : null;
        if (Resolve(service, copies, sticky ? context.Request.Headers.Cookie : StringValues.Empty, weightedCookies) is not { } leaf)
        {
            await ErrorResponses.Write(context, StatusCodes.Status503ServiceUnavailable).ConfigureAwait(false);
            return RouterOutcome.Unavailable;
        }

        // A CONNECT names a host of the client's choosing, not a path of the service: no mirror gets a copy of it
        // (one that is a forward proxy would open a connection there), whatever the main service makes of it.
        // A copy (marked by the node that sent it) is not copied again: a mirror pointing back at a node would loop.
        if (copies.Count > 0 && !HttpMethods.IsConnect(context.Request.Method) && !context.Request.Headers.ContainsKey(MirrorRequest.CopyHeader))
        {
            var trusted = !forwarded.TrustsNobody && forwarded.Trusts(ClientAddress.Of(context));
            try
            {
                await SendCopiesAsync(context.Request, copies, rewrite, trusted).ConfigureAwait(false);
            }
            catch (BadHttpRequestException e)
            {
                // The client's body broke its own framing (shorter than declared, bad chunks, too slow) while it was
                // read for the mirrors: the client's mistake, answered as the forwarding would, no server's to hear of.
                await ErrorResponses.Write(context, e.StatusCode).ConfigureAwait(false);
                return RouterOutcome.ClientFailed;
            }
            catch (Exception e) when (e is IOException || (e is OperationCanceledException && context.RequestAborted.IsCancellationRequested))
            {
                // The client went (closed or reset) while its body was read: nobody to answer.
                return RouterOutcome.ClientFailed;
            }
        }

        return await SendAsync(context, route, leaf, rewrite, forwarded, trace, weightedCookies is null || weightedCookies.Count == 0 ? null : weightedCookies).ConfigureAwait(false);
    }

    /// <summary>
    /// <see cref="CompositePolicy.Resolve"/> over the request's <c>Cookie</c> lines as they stand: one line is read in
    /// place, and several are the array the header already holds (which <see cref="StringValues.ToArray"/> returns).
    /// </summary>
    private static ServiceSnapshot? Resolve(ServiceSnapshot service, List<MirrorCopy> copies, StringValues cookies, List<string>? weightedCookies)
    {
        if (cookies.Count != 1)
        {
            return CompositePolicy.Resolve(service, copies, cookies.Count == 0 ? default : cookies.ToArray(), weightedCookies);
        }

        var line = cookies[0];
        return CompositePolicy.Resolve(service, copies, new ReadOnlySpan<string?>(in line), weightedCookies);
    }

    /// <summary>
    /// The copies, each with the body when its mirroring service sends bodies and the body is within its
    /// <c>maxBodySize</c> and the node's <c>mirroring.maxbodysize</c> (the limit of -1, Traefik's "no limit", is
    /// the node's): a copy whose body is over is not sent. The body is read first, up to one byte over the
    /// largest limit (kept for the forwarding to read again): a copy cannot wait on a client that sends slowly.
    /// </summary>
    private async Task SendCopiesAsync(HttpRequest request, List<MirrorCopy> copies, RequestRewrite rewrite, bool trusted)
    {
        var mirrored = MirrorRequest.Of(request, rewrite, trusted);
        var hasBody = RequestBodies.MayHave(request);
        ReadOnlyMemory<byte>? body = null;
        var ceiling = options.MirrorMaxBodySize;
        if (hasBody && copies.Any(c => c.MirrorBody && Fits(c, request.ContentLength, ceiling)))
        {
            body = await BodyCopy.ReadAsync(request, copies.Where(c => c.MirrorBody).Max(c => LimitOf(c, ceiling))).ConfigureAwait(false);
        }

        foreach (var copy in copies)
        {
            if (!hasBody || !copy.MirrorBody)
            {
                Mirrors.Send(copy, mirrored, null, rewrite);
            }
            else if (body is { } bytes && Fits(copy, bytes.Length, ceiling))
            {
                Mirrors.Send(copy, mirrored, bytes, rewrite);
            }
        }

        static long LimitOf(MirrorCopy copy, long ceiling) => copy.MaxBodySize < 0 ? ceiling : Math.Min(copy.MaxBodySize, ceiling);

        static bool Fits(MirrorCopy copy, long? length, long ceiling) => length is not { } known || known <= LimitOf(copy, ceiling);
    }
}
