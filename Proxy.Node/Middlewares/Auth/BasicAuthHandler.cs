using System.Collections.Immutable;
using Microsoft.AspNetCore.Http;
using Proxy.Actors.Model.Auth;
using Proxy.Actors.Model.Config;
using Proxy.Actors.Model.Middlewares;
using Proxy.Actors.Routing;

namespace Proxy.Node.Middlewares.Auth;

/// <summary>
/// basicAuth: a request with the user and password of one of the middleware's users goes on (the user's name in
/// headerField, Authorization dropped with removeHeader); any other gets 401 and a Basic challenge for the realm,
/// as Traefik answers. Correct credentials are remembered (<see cref="VerifiedCredentials"/>), so bcrypt is paid
/// once per client and lifetime, not per request; uncached checks pass through the node's one <see cref="SlowCheckGate"/>.
/// </summary>
internal sealed class BasicAuthHandler : IHttpMiddleware
{
    private readonly ImmutableDictionary<string, HtpasswdEntry> _users;
    private readonly string _challenge;
    private readonly string? _headerField;
    private readonly bool _removeHeader;
    private readonly VerifiedCredentials _verified;
    private readonly SlowCheckGate _gate;

    // A hash of the middleware's own slow kind, checked (result ignored) for a user it does not have, so that an
    // unknown user costs what a known one with a wrong password costs: the 401's timing names no user.
    private readonly HtpasswdEntry? _decoy;

    public BasicAuthHandler(MiddlewareSnapshot definition, BasicAuthConfig options, TimeProvider time, SlowCheckGate gate)
    {
        _gate = gate;
        Definition = definition;
        _users = UsersOf(definition, options);
        _challenge = $"Basic realm=\"{options.Realm ?? "traefik"}\"";
        _headerField = string.IsNullOrEmpty(options.HeaderField) ? null : options.HeaderField;
        _removeHeader = options.RemoveHeader ?? false;
        _verified = new VerifiedCredentials(time);
        _decoy = _users.Values.Where(e => e.Kind != PasswordHashKind.Sha1).OrderByDescending(e => e.Kind == PasswordHashKind.Bcrypt).ThenByDescending(e => e.Hash, StringComparer.Ordinal).FirstOrDefault();
    }

    public MiddlewareSnapshot Definition { get; }

    public bool Wraps => true;

    /// <summary>For tests: how many verified credentials are remembered.</summary>
    internal int RememberedCount => _verified.Count;

    public ValueTask<RouterOutcome> InvokeAsync(MiddlewareRequest request, NextStep next)
    {
        var credentials = BasicCredentials.Parse(request.Context.Request.Headers.Authorization.ToString());
        if (credentials is not var (user, password) || !_users.TryGetValue(user, out var entry))
        {
            return RefuseUnknownAsync(request.Context, credentials);
        }

        var key = _verified.KeyOf(user, password);
        if (_verified.Contains(key))
        {
            // A client verified lately: no await, so no state machine on the path nearly every request takes.
            return Admit(request, next, user);
        }

        return VerifyAsync(request, next, entry, password, key);
    }

    /// <summary>No credentials, or a user the middleware does not have.</summary>
    private async ValueTask<RouterOutcome> RefuseUnknownAsync(HttpContext context, (string User, string Password)? credentials)
    {
        if (credentials is var (_, guess) && _decoy is { } decoy
            && await _gate.RunAsync(() => { _ = PasswordCheck.Matches(decoy, guess); return false; }, context.RequestAborted).ConfigureAwait(false) is null)
        {
            return await BusyAsync(context).ConfigureAwait(false);
        }

        return await RefuseAsync(context).ConfigureAwait(false);
    }

    /// <summary>A known user not verified lately: the slow check, remembered under the <paramref name="key"/> already computed.</summary>
    private async ValueTask<RouterOutcome> VerifyAsync(MiddlewareRequest request, NextStep next, HtpasswdEntry entry, string password, UInt128 key)
    {
        var context = request.Context;
        var matched = entry.Kind == PasswordHashKind.Sha1
            ? PasswordCheck.Matches(entry, password)
            : await _gate.RunAsync(() => PasswordCheck.Matches(entry, password), context.RequestAborted).ConfigureAwait(false);
        if (matched is null)
        {
            return await BusyAsync(context).ConfigureAwait(false);
        }

        if (matched is false)
        {
            return await RefuseAsync(context).ConfigureAwait(false);
        }

        _verified.Add(key);
        return await Admit(request, next, entry.User).ConfigureAwait(false);
    }

    private ValueTask<RouterOutcome> Admit(MiddlewareRequest request, NextStep next, string user)
    {
        if (_removeHeader)
        {
            request.Context.Request.Headers.Remove("Authorization");
        }

        // The access log's ClientUsername, as Traefik's basicAuth and digestAuth record it.
        request.Trace?.ClientUsername = user;
        if (_headerField is not null)
        {
            request.Context.Request.Headers[_headerField] = user;
        }

        return next.InvokeAsync();
    }

    private static async Task<RouterOutcome> BusyAsync(HttpContext context)
    {
        context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        context.Response.Headers.RetryAfter = "1";
        context.Response.ContentType = "text/plain; charset=utf-8";
        await context.Response.WriteAsync("503 Service Unavailable: too many password checks at once\n").ConfigureAwait(false);
        return RouterOutcome.ClientFailed;
    }

    private async Task<RouterOutcome> RefuseAsync(HttpContext context)
    {
        const string Body = "401 Unauthorized\n";
        context.Response.StatusCode = StatusCodes.Status401Unauthorized;
        context.Response.Headers.WWWAuthenticate = _challenge;
        context.Response.ContentType = "text/plain; charset=utf-8";
        context.Response.ContentLength = Body.Length;
        await context.Response.WriteAsync(Body).ConfigureAwait(false);
        return RouterOutcome.ClientFailed;
    }

    /// <summary>
    /// The file's lines then the inline ones, read now (the router's chain is built at configuration time).
    /// The validator read them too; a file that changed for the worse since fails the chain, naming the file.
    /// </summary>
    private static ImmutableDictionary<string, HtpasswdEntry> UsersOf(MiddlewareSnapshot definition, BasicAuthConfig options)
    {
        ImmutableArray<HtpasswdEntry> fromFile = [];
        if (!string.IsNullOrEmpty(options.UsersFile))
        {
            var (entries, problems) = HtpasswdUsers.ReadFile(options.UsersFile);
            if (!problems.IsEmpty)
            {
                throw new InvalidOperationException($"middleware '{definition.Name}': {string.Join("; ", problems.Take(5))}");
            }

            fromFile = entries;
        }

        var inline = (options.Users.IsDefault ? [] : options.Users).Select((line, i) => HtpasswdLine.Parse(line) switch
        {
            { Entry: { } entry } => entry,
            { Problem: var problem } => throw new InvalidOperationException($"middleware '{definition.Name}': users[{i}] {problem}"),
        });
        return HtpasswdUsers.Merge(fromFile, [.. inline]);
    }
}
