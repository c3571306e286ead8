using System.Collections.Immutable;
using Proxy.Actors.Configuration.Schema;

namespace Proxy.Actors.Model.Config;

/// <summary>
/// Traefik's forwardAuth: every request is first asked of the auth server at <see cref="Address"/>; a 2xx answer
/// lets it go on (with the listed headers of that answer), any other answer goes to the client as written.
/// </summary>
public sealed record ForwardAuthConfig(
    string? Address,
    bool? TrustForwardHeader,
    ImmutableArray<string> AuthResponseHeaders,
    string? AuthResponseHeadersRegex,
    ImmutableArray<string> AuthRequestHeaders,
    ImmutableArray<string> AddAuthCookiesToResponse,
    bool? ForwardBody,
    long? MaxBodySize,
    bool? PreserveLocationHeader,
    bool? PreserveRequestMethod) : IMiddlewareConfig
{
    public static ForwardAuthConfig Empty { get; } = new(null, null, [], null, [], [], null, null, null, null);

    public static RecordSchema<ForwardAuthConfig> Schema { get; } = new SchemaBuilder<ForwardAuthConfig>(Empty)
        .String("address", c => c.Address, (c, v) => c with { Address = v }, required: "is required (the auth server's URL)", check: AuthChecks.AuthAddress)
        .Bool("trustForwardHeader", c => c.TrustForwardHeader, (c, v) => c with { TrustForwardHeader = v }, @default: false)
        .StringList("authResponseHeaders", c => c.AuthResponseHeaders, (c, v) => c with { AuthResponseHeaders = v }, check: AuthChecks.HeaderNames)
        .String("authResponseHeadersRegex", c => c.AuthResponseHeadersRegex, (c, v) => c with { AuthResponseHeadersRegex = v }, check: Checks.Regex)
        .StringList("authRequestHeaders", c => c.AuthRequestHeaders, (c, v) => c with { AuthRequestHeaders = v }, check: AuthChecks.HeaderNames)
        .StringList("addAuthCookiesToResponse", c => c.AddAuthCookiesToResponse, (c, v) => c with { AddAuthCookiesToResponse = v }, check: AuthChecks.CookieNames)
        .Bool("forwardBody", c => c.ForwardBody, (c, v) => c with { ForwardBody = v }, @default: false)
        .Long("maxBodySize", c => c.MaxBodySize, (c, v) => c with { MaxBodySize = v }, check: AuthChecks.BodySize, @default: -1)
        .Bool("preserveLocationHeader", c => c.PreserveLocationHeader, (c, v) => c with { PreserveLocationHeader = v }, @default: false)
        .Bool("preserveRequestMethod", c => c.PreserveRequestMethod, (c, v) => c with { PreserveRequestMethod = v }, @default: false)
        .NotSupported("headerField", "forwardAuth's headerField is not supported yet")
        .NotSupported("tls", "forwardAuth's tls (ca, cert, key, insecureSkipVerify) is not supported yet: use an http address or a CA the node trusts")
        .Build();
}
