using Microsoft.AspNetCore.Http;
using Proxy.Actors.Model.Config;

namespace Proxy.Node.Middlewares.Limits;

/// <summary>
/// Traefik's <c>sourceCriterion</c>: who a request counts against. The key is what the request already
/// holds (the client's <see cref="System.Net.IPAddress"/>, the Host string, the header's value), compared
/// by value, so that finding a known client's bucket allocates nothing.
/// </summary>
internal abstract class LimitSource
{
    public abstract object KeyOf(MiddlewareRequest request);

    public static LimitSource Of(SourceCriterionConfig? criterion) => criterion switch
    {
        { RequestHeaderName: { Length: > 0 } name } => new HeaderSource(name),
        { RequestHost: true } => HostSource.Instance,
        _ => new AddressSource(new ClientIpStrategy(criterion?.IpStrategy)),
    };

    /// <summary>
    /// The client's address as the ipStrategy reads it (the default: as the entry point's forwarded-headers
    /// trust gives it); requests whose strategy finds no address share one key, as Traefik's empty source does.
    /// </summary>
    private sealed class AddressSource(ClientIpStrategy strategy) : LimitSource
    {
        public override object KeyOf(MiddlewareRequest request) =>
            (object?)strategy.ClientIp(request.Context, request.Forwarded) ?? string.Empty;
    }

    /// <summary>The request's host as the client wrote it, port included, as Go's <c>req.Host</c>.</summary>
    private sealed class HostSource : LimitSource
    {
        public static HostSource Instance { get; } = new();

        public override object KeyOf(MiddlewareRequest request) => request.Context.Request.Host.Value ?? string.Empty;
    }

    /// <summary>The header's first value; requests without it share one key, as in Traefik.</summary>
    private sealed class HeaderSource(string name) : LimitSource
    {
        public override object KeyOf(MiddlewareRequest request) =>
            request.Context.Request.Headers[name] is { Count: > 0 } values ? values[0] ?? string.Empty : string.Empty;
    }
}
