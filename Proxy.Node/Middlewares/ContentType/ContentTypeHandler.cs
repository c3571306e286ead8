using Microsoft.AspNetCore.Http.Features;
using Proxy.Actors.Model.Config;
using Proxy.Actors.Model.Middlewares;
using Proxy.Actors.Routing;

namespace Proxy.Node.Middlewares.ContentType;

/// <summary>
/// contentType: with autoDetect, a response without a Content-Type gets the type its first bytes show
/// (<see cref="SniffingBody"/>). Without it (the default) the handler does nothing: the node, like Traefik v3,
/// never adds a Content-Type the server did not send (Kestrel and YARP do not sniff).
/// </summary>
internal sealed class ContentTypeHandler(MiddlewareSnapshot definition, ContentTypeConfig options) : IHttpMiddleware
{
    public MiddlewareSnapshot Definition => definition;

    public bool Wraps => options.AutoDetect == true;

    public async ValueTask<RouterOutcome> InvokeAsync(MiddlewareRequest request, NextStep next)
    {
        var context = request.Context;
        if (context.Features.Get<IHttpResponseBodyFeature>() is not { } kestrels)
        {
            return await next.InvokeAsync().ConfigureAwait(false);
        }

        await using var body = new SniffingBody(context, kestrels);
        context.Features.Set<IHttpResponseBodyFeature>(body);
        try
        {
            return await next.InvokeAsync().ConfigureAwait(false);
        }
        finally
        {
            if (ReferenceEquals(context.Features.Get<IHttpResponseBodyFeature>(), body))
            {
                context.Features.Set(kestrels);
            }
        }
    }
}
