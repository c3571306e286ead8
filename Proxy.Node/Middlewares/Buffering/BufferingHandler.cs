using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;
using Proxy.Actors.Model.Config;
using Proxy.Actors.Model.Middlewares;
using Proxy.Actors.Routing;
using Proxy.Node.Forwarding;

namespace Proxy.Node.Middlewares.Buffering;

/// <summary>
/// buffering: reads the whole request body before the rest of the chain and the forwarding run, and the
/// whole response before the client gets any of it, as Traefik does. A request body past
/// maxRequestBodyBytes is answered 413 without reaching a server; a response past maxResponseBodyBytes
/// is replaced by a 500. Bodies stay in memory up to the mem* sizes, in a temporary file beyond; the
/// files go when the request ends, however it ends.
/// </summary>
internal sealed partial class BufferingHandler(MiddlewareSnapshot definition, BufferingConfig options, ILogger log) : IHttpMiddleware
{
    private static readonly byte[] TooLargeBody = Encoding.ASCII.GetBytes("Request Entity Too Large");
    private static readonly byte[] InternalErrorBody = Encoding.ASCII.GetBytes("Internal Server Error");

    private readonly long _maxRequest = options.MaxRequestBodyBytes!.Value;
    private readonly long _memRequest = options.MemRequestBodyBytes!.Value;
    private readonly long _maxResponse = options.MaxResponseBodyBytes!.Value;
    private readonly long _memResponse = options.MemResponseBodyBytes!.Value;

    public MiddlewareSnapshot Definition => definition;

    public bool Wraps => true;

    public async ValueTask<RouterOutcome> InvokeAsync(MiddlewareRequest request, NextStep next)
    {
        var context = request.Context;
        // An upgraded connection (WebSocket) is a stream both ways, not a body to hold: it passes as is.
        if (context.Features.Get<IHttpUpgradeFeature>()?.IsUpgradableRequest == true
            || context.Features.Get<IHttpExtendedConnectFeature>()?.IsExtendedConnect == true)
        {
            return await next.InvokeAsync().ConfigureAwait(false);
        }

        var httpRequest = context.Request;
        if (_maxRequest > 0 && httpRequest.ContentLength > _maxRequest)
        {
            LogRequestTooLarge(log, definition.Name, request.Route.Router, httpRequest.ContentLength.Value, _maxRequest);
            return await WriteAsync(context, StatusCodes.Status413PayloadTooLarge, TooLargeBody, RouterOutcome.ClientFailed).ConfigureAwait(false);
        }

        var directory = Path.GetTempPath();
        var originalBody = httpRequest.Body;
        SpillBuffer? requestBody = null;
        try
        {
            // Kestrel's answer, not the headers': an HTTP/2 body streamed without a length shows neither.
            if (RequestBodies.MayHave(httpRequest))
            {
                requestBody = new SpillBuffer(_memRequest, _maxRequest, directory);
                try
                {
                    await originalBody.CopyToAsync(requestBody, context.RequestAborted).ConfigureAwait(false);
                }
                catch (BodyTooLargeException)
                {
                    LogRequestTooLarge(log, definition.Name, request.Route.Router, requestBody.Length + 1, _maxRequest);
                    return await WriteAsync(context, StatusCodes.Status413PayloadTooLarge, TooLargeBody, RouterOutcome.ClientFailed).ConfigureAwait(false);
                }
                catch (BadHttpRequestException e)
                {
                    // A body cut short or sent too slowly: the client's failure, answered as Kestrel words it (400, 408).
                    return await WriteAsync(context, e.StatusCode, Encoding.ASCII.GetBytes(ReasonPhrase(e.StatusCode)), RouterOutcome.ClientFailed).ConfigureAwait(false);
                }

                // The server gets the body with its length, chunked or not as the client sent it.
                requestBody.Position = 0;
                httpRequest.Body = requestBody;
                httpRequest.Headers.Remove("Transfer-Encoding");
                httpRequest.ContentLength = requestBody.Length;
            }

            return await ForwardBufferedAsync(request, next, directory).ConfigureAwait(false);
        }
        finally
        {
            httpRequest.Body = originalBody;
            if (requestBody is not null)
            {
                await requestBody.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private async ValueTask<RouterOutcome> ForwardBufferedAsync(MiddlewareRequest request, NextStep next, string directory)
    {
        var context = request.Context;
        await using var responseBody = new SpillBuffer(_memResponse, _maxResponse, directory);
        var stand = new BufferedResponseBody(responseBody);
        var original = context.Features.Get<IHttpResponseBodyFeature>()!;
        context.Features.Set<IHttpResponseBodyFeature>(stand);
        RouterOutcome outcome;
        try
        {
            outcome = await next.InvokeAsync().ConfigureAwait(false);
            await stand.FlushAsync().ConfigureAwait(false);
        }
        catch (Exception) when (responseBody.Overflowed)
        {
            // The limit cut a write of a later step short; the answer below replaces whatever it was.
            outcome = RouterOutcome.Failed;
        }
        finally
        {
            context.Features.Set(original);
        }

        if (responseBody.Overflowed)
        {
            LogResponseTooLarge(log, definition.Name, request.Route.Router, _maxResponse);
            context.Response.Clear();
            return await WriteAsync(context, StatusCodes.Status500InternalServerError, InternalErrorBody, RouterOutcome.Failed).ConfigureAwait(false);
        }

        if (context.Response.HasStarted)
        {
            return outcome;
        }

        var response = context.Response;
        if (response.ContentLength is null && BodyAllowed(context.Request.Method, response.StatusCode))
        {
            response.ContentLength = responseBody.Length;
        }

        if (responseBody.Length > 0)
        {
            responseBody.Position = 0;
            await responseBody.CopyToAsync(response.Body, context.RequestAborted).ConfigureAwait(false);
        }

        return outcome;
    }

    private static string ReasonPhrase(int status) => Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(status);

    private static bool BodyAllowed(string method, int status) =>
        !HttpMethods.IsHead(method) && status is >= 200 and not 204 and not 304;

    private static async ValueTask<RouterOutcome> WriteAsync(HttpContext context, int status, byte[] body, RouterOutcome outcome)
    {
        if (!context.Response.HasStarted)
        {
            context.Response.StatusCode = status;
            context.Response.ContentType = "text/plain; charset=utf-8";
            context.Response.ContentLength = body.Length;
            await context.Response.Body.WriteAsync(body, context.RequestAborted).ConfigureAwait(false);
        }

        return outcome;
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Buffering {Middleware} on router {Router}: request body of {Size} bytes or more refused (413), maxRequestBodyBytes is {Limit}")]
    private static partial void LogRequestTooLarge(ILogger logger, string middleware, string router, long size, long limit);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Buffering {Middleware} on router {Router}: the server's response passed maxResponseBodyBytes ({Limit}); answered 500")]
    private static partial void LogResponseTooLarge(ILogger logger, string middleware, string router, long limit);
}
