using System.Collections.Immutable;
using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Proxy.Actors.Model;
using Proxy.Actors.Model.Config;
using Proxy.Actors.Model.Middlewares;
using Proxy.Actors.Routing;

namespace Proxy.Node.Middlewares.IpAllowList;

/// <summary>
/// ipAllowList (and ipWhiteList): a request goes on only when its client address, as the ipStrategy reads
/// it, is in one of the allowed ranges; any other request, one without a client address included (a depth
/// beyond X-Forwarded-For, every entry excluded), is answered here with the reject status and never reaches
/// the backend, as Traefik's.
/// </summary>
internal sealed class IpAllowListHandler : IHttpMiddleware
{
    private readonly ImmutableArray<IPNetwork> _allowed;
    private readonly ClientIpStrategy _strategy;
    private readonly int _rejectStatusCode;
    private readonly string _rejectBody;

    public IpAllowListHandler(MiddlewareSnapshot definition, IpAllowListConfig options)
    {
        Definition = definition;
        _allowed = [.. options.SourceRange.Select(text => NetworkRange.TryParse(text, out var range) ? range : throw new ArgumentException($"'{text}' was not validated", nameof(options)))];
        _strategy = options.IpStrategy is null ? ClientIpStrategy.Default : new ClientIpStrategy(options.IpStrategy);
        _rejectStatusCode = options.RejectStatusCode ?? IpAllowListConfig.DefaultRejectStatusCode;
        // Traefik's body: the status's text ("Forbidden").
        _rejectBody = ReasonPhrases.GetReasonPhrase(_rejectStatusCode);
    }

    public MiddlewareSnapshot Definition { get; }

    public bool Wraps => true;

    public ValueTask<RouterOutcome> InvokeAsync(MiddlewareRequest request, NextStep next) =>
        // Allowed: the rest runs without an await here, so no state machine per request.
        _strategy.ClientIp(request.Context, request.Forwarded) is { } client && Allows(client) ? next.InvokeAsync() : RefuseAsync(request.Context.Response);

    private async ValueTask<RouterOutcome> RefuseAsync(HttpResponse response)
    {
        await RejectAsync(response).ConfigureAwait(false);
        return RouterOutcome.ClientFailed;
    }

    private bool Allows(IPAddress client)
    {
        foreach (var range in _allowed)
        {
            if (range.Contains(client))
            {
                return true;
            }
        }

        return false;
    }

    private Task RejectAsync(HttpResponse response)
    {
        response.StatusCode = _rejectStatusCode;
        if (_rejectStatusCode is StatusCodes.Status204NoContent or StatusCodes.Status304NotModified || _rejectBody.Length == 0)
        {
            // No body allowed (or no text known for the status): the status alone.
            response.ContentLength = 0;
            return Task.CompletedTask;
        }

        response.ContentType = "text/plain; charset=utf-8";
        response.ContentLength = _rejectBody.Length;
        return response.WriteAsync(_rejectBody);
    }
}
