using System.Collections.Immutable;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Proxy.Actors.Model.Auth;
using Proxy.Actors.Model.Config;
using Proxy.Actors.Model.Middlewares;
using Proxy.Actors.Routing;

namespace Proxy.Node.Middlewares.Auth;

/// <summary>
/// digestAuth: RFC 7616 with MD5 and qop=auth, as Traefik offers it. A request whose response matches the HA1 of
/// its user in the middleware's realm, for a nonce this instance issued less than <see cref="DigestNonces.Lifetime"/>
/// ago and a nonce count above the last one, goes on (headerField, removeHeader as basicAuth); any other gets 401
/// with a fresh challenge, marked stale when only the nonce was too old.
/// </summary>
internal sealed class DigestAuthHandler : IHttpMiddleware
{
    private readonly ImmutableDictionary<string, DigestEntry> _users;
    private readonly string _realm;
    private readonly string? _headerField;
    private readonly bool _removeHeader;
    private readonly DigestNonces _nonces;
    private readonly string _opaque = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    public DigestAuthHandler(MiddlewareSnapshot definition, DigestAuthConfig options, TimeProvider time)
    {
        Definition = definition;
        _realm = options.Realm ?? "traefik";
        _users = UsersOf(definition, options, _realm);
        _headerField = string.IsNullOrEmpty(options.HeaderField) ? null : options.HeaderField;
        _removeHeader = options.RemoveHeader ?? false;
        _nonces = new DigestNonces(time);
    }

    public MiddlewareSnapshot Definition { get; }

    public bool Wraps => true;

    public async ValueTask<RouterOutcome> InvokeAsync(MiddlewareRequest request, NextStep next)
    {
        var context = request.Context;
        var (user, stale) = Verify(context);
        if (user is null)
        {
            const string Body = "401 Unauthorized\n";
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            context.Response.Headers.WWWAuthenticate =
                $"Digest realm=\"{_realm}\", nonce=\"{_nonces.Issue()}\", opaque=\"{_opaque}\", algorithm=MD5, qop=\"auth\"{(stale ? ", stale=true" : string.Empty)}";
            context.Response.ContentType = "text/plain; charset=utf-8";
            context.Response.ContentLength = Body.Length;
            await context.Response.WriteAsync(Body).ConfigureAwait(false);
            return RouterOutcome.ClientFailed;
        }

        if (_removeHeader)
        {
            context.Request.Headers.Remove("Authorization");
        }

        // The access log's ClientUsername, as Traefik's basicAuth and digestAuth record it.
        request.Trace?.ClientUsername = user;
        if (_headerField is not null)
        {
            context.Request.Headers[_headerField] = user;
        }

        return await next.InvokeAsync().ConfigureAwait(false);
    }

    /// <summary>The authenticated user, or null; stale when the response was right for a nonce that expired.</summary>
    private (string? User, bool Stale) Verify(HttpContext context)
    {
        if (DigestCredentials.Parse(context.Request.Headers.Authorization.ToString()) is not { } values
            || !values.TryGetValue("username", out var user)
            || !values.TryGetValue("realm", out var realm) || realm != _realm
            || !values.TryGetValue("nonce", out var nonce)
            || !values.TryGetValue("uri", out var uri)
            || !values.TryGetValue("response", out var response)
            || !values.TryGetValue("qop", out var qop) || qop != "auth"
            || !values.TryGetValue("nc", out var nc) || nc.Length != 8
            || !long.TryParse(nc, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var count)
            || !values.TryGetValue("cnonce", out var cnonce) || cnonce.Length == 0
            || (values.TryGetValue("algorithm", out var algorithm) && !algorithm.Equals("MD5", StringComparison.OrdinalIgnoreCase))
            || (values.TryGetValue("opaque", out var opaque) && opaque != _opaque)
            || !_users.TryGetValue(user, out var entry))
        {
            return (null, false);
        }

        // The client signs the target it sent: the one on the request line, before any middleware rewrote it.
        var target = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? context.Request.Path + context.Request.QueryString;
        if (uri != target)
        {
            return (null, false);
        }

        var state = _nonces.Check(nonce);
        if (state == DigestNonces.State.Invalid)
        {
            return (null, false);
        }

        var ha2 = Md5Hex($"{context.Request.Method}:{uri}");
        var expected = Md5Hex($"{entry.Ha1}:{nonce}:{nc}:{cnonce}:{qop}:{ha2}");
        if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(response.ToLowerInvariant())))
        {
            return (null, false);
        }

        if (state == DigestNonces.State.Stale)
        {
            return (null, true);
        }

        return _nonces.TryUse(nonce, count) ? (user, false) : (null, true);
    }

    private static string Md5Hex(string text) => Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(text)));

    /// <summary>The lines of the middleware's realm, the file's then the inline ones (the last line of a user wins).</summary>
    private static ImmutableDictionary<string, DigestEntry> UsersOf(MiddlewareSnapshot definition, DigestAuthConfig options, string realm)
    {
        ImmutableArray<DigestEntry> fromFile = [];
        if (!string.IsNullOrEmpty(options.UsersFile))
        {
            var (entries, problems) = HtpasswdUsers.ReadFile(options.UsersFile, DigestLine.Parse);
            if (!problems.IsEmpty)
            {
                throw new InvalidOperationException($"middleware '{definition.Name}': {string.Join("; ", problems.Take(5))}");
            }

            fromFile = entries;
        }

        var users = ImmutableDictionary.CreateBuilder<string, DigestEntry>(StringComparer.Ordinal);
        var inline = (options.Users.IsDefault ? [] : options.Users).Select((line, i) => DigestLine.Parse(line) switch
        {
            { Entry: { } entry } => entry,
            { Problem: var problem } => throw new InvalidOperationException($"middleware '{definition.Name}': users[{i}] {problem}"),
        });
        foreach (var entry in fromFile.Concat(inline).Where(e => e.Realm == realm))
        {
            users[entry.User] = entry;
        }

        return users.ToImmutable();
    }
}
