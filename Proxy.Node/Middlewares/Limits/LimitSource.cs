using Microsoft.AspNetCore.Http;
using Proxy.Actors.Model.Config;

namespace Proxy.Node.Middlewares.Limits;

/// <summary>
/// Traefik's <c>sourceCriterion</c>: who a request counts against. The key is a 128-bit keyed hash
/// (<see cref="LimitKeyHash"/>) of what the request holds (the client's <see cref="System.Net.IPAddress"/>,
/// the Host string, the header's value): a limiter never keeps the value, whatever its length.
/// </summary>
internal abstract class LimitSource(LimitKeyHash hash)
{
    /// <summary>
    /// The key of the state that every client beyond a full map shares; a client's own hash is this
    /// value with a chance of 2^-128.
    /// </summary>
    public static UInt128 Overflow => UInt128.Zero;

    protected LimitKeyHash Hash { get; } = hash;

    public abstract UInt128 KeyOf(MiddlewareRequest request);

    public static LimitSource Of(SourceCriterionConfig? criterion, LimitKeyHash hash) => criterion switch
    {
        { RequestHeaderName: { Length: > 0 } name } => new HeaderSource(name, hash),
        { RequestHost: true } => new HostSource(hash),
        _ => new AddressSource(new ClientIpStrategy(criterion?.IpStrategy), hash),
    };

    /// <summary>
    /// The client's address as the ipStrategy reads it (the default: as the entry point's forwarded-headers
    /// trust gives it); requests whose strategy finds no address share one key, as Traefik's empty source does.
    /// </summary>
    private sealed class AddressSource(ClientIpStrategy strategy, LimitKeyHash hash) : LimitSource(hash)
    {
        public override UInt128 KeyOf(MiddlewareRequest request) =>
            strategy.ClientIp(request.Context, request.Forwarded) is { } address ? Hash.Of(address) : Hash.Of(string.Empty);
    }

    /// <summary>The request's host as the client wrote it, port included, as Go's <c>req.Host</c>.</summary>
    private sealed class HostSource(LimitKeyHash hash) : LimitSource(hash)
    {
        public override UInt128 KeyOf(MiddlewareRequest request) => Hash.Of(request.Context.Request.Host.Value ?? string.Empty);
    }

    /// <summary>The header's first value; requests without it share one key, as in Traefik.</summary>
    private sealed class HeaderSource(string name, LimitKeyHash hash) : LimitSource(hash)
    {
        public override UInt128 KeyOf(MiddlewareRequest request) =>
            Hash.Of(request.Context.Request.Headers[name] is { Count: > 0 } values ? values[0] ?? string.Empty : string.Empty);
    }
}
