using System.Collections.Immutable;
using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Proxy.Actors.Model.Config;
using Proxy.Actors.Model.Middlewares;
using Proxy.Actors.Routing;
using Proxy.Node.Forwarding;

namespace Proxy.Node.Middlewares;

/// <summary>
/// errors: runs the rest of the chain behind an <see cref="ErrorStatusCatcher"/>; a response whose status is in
/// the ranges is dropped before any of it reaches the client, and the client gets instead what a server of the
/// error service answers to a GET of the query (its headers and body), with the original status, or the one a
/// status rewrite maps it to, as Traefik's codeModifier forces it. When the page cannot be had, the client gets
/// that status with the short text the forwarding would have written for the service's failure.
/// </summary>
internal sealed class ErrorsHandler(MiddlewareSnapshot definition, ErrorsConfig options) : IHttpMiddleware
{
    private readonly HttpStatusRanges _status = HttpStatusRanges.Parse(options.Status);
    private readonly ImmutableArray<(HttpStatusRanges From, int To)> _rewrites =
        [.. options.StatusRewrites.Select(r => (HttpStatusRanges.Parse([r.Key]), int.Parse(r.Value, NumberStyles.None, CultureInfo.InvariantCulture)))];

    // Traefik prefixes one '/' after trimming one.
    private readonly string _query = "/" + (options.Query is ['/', .. var rest] ? rest : options.Query ?? string.Empty);

    // errorRequestHeaders: null forwards every header of the client's, as Traefik does when it is not set.
    private readonly ImmutableArray<string>? _pageHeaders = options.PageRequestHeaders;

    public MiddlewareSnapshot Definition => definition;

    public bool Wraps => true;

    public async ValueTask<RouterOutcome> InvokeAsync(MiddlewareRequest request, NextStep next)
    {
        var context = request.Context;
        var response = context.Response;
        // Counted in front of the catcher, so the access log's size is what the client got, not what the server sent.
        request.Trace?.CountBody(context);
        var below = context.Features.GetRequiredFeature<IHttpResponseBodyFeature>();
        var catcher = new ErrorStatusCatcher(response, below, _status);
        context.Features.Set<IHttpResponseBodyFeature>(catcher);
        RouterOutcome outcome;
        try
        {
            outcome = await next.InvokeAsync().ConfigureAwait(false);
        }
        finally
        {
            context.Features.Set(below);
        }

        // A response with no body (HEAD, a 404 without one) never wrote: it is decided now, before it starts.
        if (!catcher.Caught && (response.HasStarted || !catcher.CatchesUnstarted()))
        {
            return outcome;
        }

        var original = response.StatusCode;
        var status = ErrorsConfig.Rewritten(_rewrites, original);
        request.Trace?.OriginBodySize = catcher.Dropped;
        response.Headers.Clear();
        var answer = await request.FetchErrorPageAsync(definition.Name, options.Service!, PageTarget(request, status, original), _pageHeaders).ConfigureAwait(false);
        response.StatusCode = status;
        if (answer.Page is not { } page)
        {
            var text = answer.FailureStatus switch
            {
                StatusCodes.Status502BadGateway => "Bad Gateway\n",
                StatusCodes.Status504GatewayTimeout => "Gateway Timeout\n",
                _ => "Service Unavailable\n",
            };
            response.ContentType = "text/plain; charset=utf-8";
            response.ContentLength = text.Length;
            await response.WriteAsync(text, context.RequestAborted).ConfigureAwait(false);
            return outcome;
        }

        using (page)
        {
            CopyHeaders(page.Headers, response);
            CopyHeaders(page.Content.Headers, response);
            if (!HttpMethods.IsHead(context.Request.Method))
            {
                await page.Content.CopyToAsync(response.Body, context.RequestAborted).ConfigureAwait(false);
            }
        }

        return outcome;
    }

    /// <summary>The query with its placeholders filled in: {status} (after rewrites), {originalStatus}, {url} (escaped).</summary>
    private string PageTarget(MiddlewareRequest request, int status, int original)
    {
        var target = _query;
        if (!target.Contains('{', StringComparison.Ordinal))
        {
            return target;
        }

        var client = request.Context.Request;
        var url = $"{(client.IsHttps ? "https" : "http")}://{RequestHost.Of(client).Value}{request.RawPath}{client.QueryString.Value}";
        return target
            .Replace("{status}", status.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("{originalStatus}", original.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("{url}", WebUtility.UrlEncode(url), StringComparison.Ordinal);
    }

    private static void CopyHeaders(System.Net.Http.Headers.HttpHeaders headers, HttpResponse response)
    {
        foreach (var (name, values) in headers)
        {
            // This hop's own: Kestrel frames the body it sends.
            if (name.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase)
                || name.Equals("Connection", StringComparison.OrdinalIgnoreCase)
                || name.Equals("Keep-Alive", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            response.Headers[name] = values.ToArray();
        }
    }
}
