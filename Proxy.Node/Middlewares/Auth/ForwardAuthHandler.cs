using System.Collections.Immutable;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Primitives;
using Proxy.Actors.Model;
using Proxy.Actors.Model.Config;
using Proxy.Actors.Model.Middlewares;
using Proxy.Actors.Routing;
using Proxy.Actors.Tls;
using Proxy.Node.Forwarding;

namespace Proxy.Node.Middlewares.Auth;

/// <summary>
/// forwardAuth: asks the auth server about each request (its headers, X-Forwarded-Method/Proto/Host/Uri/For, the
/// body when forwardBody) before the rest of the chain. A 2xx answer lets the request go on with the listed answer
/// headers set on it and the listed cookies added to the client's response; any other answer is the client's
/// response as the auth server wrote it (status, headers, body, Location). No answer is 500, as in Traefik,
/// with a log line naming the middleware and the address.
/// </summary>
internal sealed class ForwardAuthHandler : IHttpMiddleware
{
    /// <summary>The most a request body is buffered for the auth server when maxBodySize is -1: bounds memory per request.</summary>
    public const long BodyCeilingBytes = 16 * 1024 * 1024;

    private const string XForwardedMethod = "X-Forwarded-Method";
    private const string XForwardedUri = "X-Forwarded-Uri";

    // Hop-by-hop headers (RFC 9110 7.6.1) and the ones the client and the connection own: never copied either way.
    private static readonly ImmutableHashSet<string> NotCopied = ImmutableHashSet.Create(
        StringComparer.OrdinalIgnoreCase,
        "Connection", "Keep-Alive", "Proxy-Authenticate", "Proxy-Authorization", "Proxy-Connection", "TE", "Trailer", "Transfer-Encoding",
        "Upgrade", "Host", "Content-Length");

    private readonly Uri _address;
    private readonly string _loggedAddress;
    private readonly bool _trustForwardHeader;
    private readonly ImmutableArray<string> _responseHeaders;
    private readonly Regex? _responseHeadersRegex;
    private readonly ImmutableArray<string> _requestHeaders;
    private readonly ImmutableHashSet<string> _cookies;
    private readonly bool _forwardBody;
    private readonly long _maxBodySize;
    private readonly bool _preserveLocation;
    private readonly bool _preserveMethod;
    private readonly string? _headerField;
    // The pool itself, not only its invoker: AuthServerClients holds pools weakly, so this keeps it while the chain lives.
    private readonly AuthServerClient _server;
    private readonly ILogger _log;

    private readonly AuthBodyBudget _bodyBudget;

    public ForwardAuthHandler(MiddlewareSnapshot definition, ForwardAuthConfig options, AuthServerClients clients, AuthBodyBudget bodyBudget, ILogger log)
    {
        _bodyBudget = bodyBudget;
        Definition = definition;
        _address = new Uri(options.Address!, UriKind.Absolute);
        // Credentials in the URL and its query stay out of the log.
        _loggedAddress = _address.GetComponents(UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.UriEscaped);
        _trustForwardHeader = options.TrustForwardHeader ?? false;
        _responseHeaders = options.AuthResponseHeaders.IsDefault ? [] : options.AuthResponseHeaders;
        _responseHeadersRegex = string.IsNullOrEmpty(options.AuthResponseHeadersRegex)
            ? null
            : LinearRegex.Create(options.AuthResponseHeadersRegex); // client header names are matched: linear time, no timeout to turn into a 500
        _requestHeaders = options.AuthRequestHeaders.IsDefault ? [] : options.AuthRequestHeaders;
        _cookies = (options.AddAuthCookiesToResponse.IsDefault ? [] : options.AddAuthCookiesToResponse).ToImmutableHashSet(StringComparer.Ordinal);
        _forwardBody = options.ForwardBody ?? false;
        _maxBodySize = options.MaxBodySize is > 0 and var size ? size : -1;
        _preserveLocation = options.PreserveLocationHeader ?? false;
        _preserveMethod = options.PreserveRequestMethod ?? false;
        _headerField = string.IsNullOrEmpty(options.HeaderField) ? null : options.HeaderField;
        _server = clients.For(TlsOf(definition, options));
        _log = log;
    }

    public MiddlewareSnapshot Definition { get; }

    public bool Wraps => true;

    /// <summary>
    /// The tls files, read now (the router's chain is built at configuration time). The validator read them too;
    /// files that changed for the worse since fail the chain, naming the option and the file.
    /// </summary>
    private static ClientTlsMaterial? TlsOf(MiddlewareSnapshot definition, ForwardAuthConfig options)
    {
        if (options.Tls is not { } tls)
        {
            return null;
        }

        var (material, problems) = ClientTlsFiles.Load(tls);
        return material ?? throw new InvalidOperationException(
            $"middleware '{definition.Name}': {string.Join("; ", problems.Select(p => $"forwardAuth.tls.{p.SubPath}: {p.Message}"))}");
    }

    public async ValueTask<RouterOutcome> InvokeAsync(MiddlewareRequest request, NextStep next)
    {
        var context = request.Context;
        if (!_forwardBody)
        {
            return await AskAsync(request, next, null).ConfigureAwait(false);
        }

        // The body's bytes are held from the budget until the request is done (the backend reads the same copy).
        var held = new long[1];
        try
        {
            var (read, refusal) = await ReadBodyAsync(context, held).ConfigureAwait(false);
            if (refusal is { } status)
            {
                if (status == StatusCodes.Status503ServiceUnavailable)
                {
                    ForwardAuthLog.BodyBudgetExhausted(_log, Definition.Name, _bodyBudget.CapacityBytes);
                    context.Response.Headers.RetryAfter = "1";
                }

                await ErrorResponses.Write(context, status).ConfigureAwait(false);
                return RouterOutcome.ClientFailed;
            }

            return await AskAsync(request, next, read).ConfigureAwait(false);
        }
        finally
        {
            _bodyBudget.Give(held[0]);
        }
    }

    private async ValueTask<RouterOutcome> AskAsync(MiddlewareRequest request, NextStep next, byte[]? body)
    {
        var context = request.Context;

        using var question = Question(request, body);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
        timeout.CancelAfter(AuthServerClient.Timeout);
        HttpResponseMessage answer;
        byte[] answerBody;
        try
        {
            answer = await _server.Invoker.SendAsync(question, timeout.Token).ConfigureAwait(false);
            answerBody = await ReadAnswerAsync(answer, timeout.Token).ConfigureAwait(false) ?? [];
        }
        catch (Exception e) when (e is HttpRequestException or IOException or OperationCanceledException && !context.RequestAborted.IsCancellationRequested)
        {
            ForwardAuthLog.Unreachable(_log, Definition.Name, _loggedAddress, e is OperationCanceledException ? $"no answer within {AuthServerClient.Timeout.TotalSeconds:0} s" : Reason(e));
            await ErrorResponses.Write(context, StatusCodes.Status500InternalServerError).ConfigureAwait(false);
            return RouterOutcome.Failed;
        }
        catch (AnswerTooLargeException)
        {
            ForwardAuthLog.AnswerTooLarge(_log, Definition.Name, _loggedAddress, AuthServerClient.MaxResponseBodyBytes);
            await ErrorResponses.Write(context, StatusCodes.Status500InternalServerError).ConfigureAwait(false);
            return RouterOutcome.Failed;
        }

        using (answer)
        {
            // Traefik's headerField: the answer's header names the user for the access log, whatever the answer.
            if (_headerField is not null && request.Trace is { } trace
                && (answer.Headers.TryGetValues(_headerField, out var users) || answer.Content.Headers.TryGetValues(_headerField, out users)))
            {
                trace.ClientUsername = users.FirstOrDefault();
            }

            var code = (int)answer.StatusCode;
            if (code is < 200 or >= 300)
            {
                await RelayAsync(context, answer, answerBody).ConfigureAwait(false);
                return RouterOutcome.ClientFailed;
            }

            CopyAnswerHeaders(context.Request.Headers, answer);
            AddCookies(context, answer);
        }

        if (body is not null)
        {
            // The body was read for the auth server: the backend gets the same bytes.
            context.Request.Body = new MemoryStream(body, writable: false);
        }

        return await next.InvokeAsync().ConfigureAwait(false);
    }

    private HttpRequestMessage Question(MiddlewareRequest request, byte[]? body)
    {
        var context = request.Context;
        var incoming = context.Request;
        var question = new HttpRequestMessage(_preserveMethod || body is not null ? new HttpMethod(incoming.Method) : HttpMethod.Get, _address)
        {
            Version = System.Net.HttpVersion.Version11,
        };
        if (body is not null)
        {
            question.Content = new ByteArrayContent(body);
        }

        // The client's forwarded headers (every spelling the node strips for the backend) reach the auth server only
        // from a peer the entry point trusts (forwardedHeaders) and when trustForwardHeader says so: Traefik's entry
        // point has removed them from anyone else before forwardAuth runs, and an auth server deciding by a forged
        // X-Original-Url or X-Real-Ip is an auth bypass.
        var trusted = _trustForwardHeader && !request.Forwarded.TrustsNobody && request.Forwarded.Trusts(ClientAddress.Of(context));
        foreach (var (name, values) in incoming.Headers)
        {
            if (NotCopied.Contains(name)
                || (!trusted && ForwardedHeaderNames.IsForwarded(name))
                || (!_requestHeaders.IsEmpty && !_requestHeaders.Contains(name, StringComparer.OrdinalIgnoreCase)))
            {
                continue;
            }

            if (!question.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values))
            {
                question.Content?.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values);
            }
        }

        // The X-Forwarded-* the auth server decides by: the node's own unless the peer is trusted (above).
        foreach (var name in (string[])[ForwardedHeaderNames.XForwardedFor, XForwardedMethod, ForwardedHeaderNames.XForwardedProto, ForwardedHeaderNames.XForwardedPort, ForwardedHeaderNames.XForwardedHost, XForwardedUri])
        {
            question.Headers.Remove(name);
        }

        var peer = ClientAddress.Of(context)?.ToString();
        var priorFor = incoming.Headers[ForwardedHeaderNames.XForwardedFor];
        if (peer is not null)
        {
            question.Headers.TryAddWithoutValidation(
                ForwardedHeaderNames.XForwardedFor, trusted && priorFor.Count > 0 ? $"{string.Join(", ", priorFor.ToArray())}, {peer}" : peer);
        }

        question.Headers.TryAddWithoutValidation(XForwardedMethod, Trusted(trusted, incoming, XForwardedMethod) ?? incoming.Method);
        question.Headers.TryAddWithoutValidation(ForwardedHeaderNames.XForwardedProto, Trusted(trusted, incoming, ForwardedHeaderNames.XForwardedProto) ?? (incoming.IsHttps ? "https" : "http"));
        if (Trusted(trusted, incoming, ForwardedHeaderNames.XForwardedPort) is { } port)
        {
            question.Headers.TryAddWithoutValidation(ForwardedHeaderNames.XForwardedPort, port);
        }

        if ((Trusted(trusted, incoming, ForwardedHeaderNames.XForwardedHost) ?? incoming.Host.Value) is { Length: > 0 } host)
        {
            question.Headers.TryAddWithoutValidation(ForwardedHeaderNames.XForwardedHost, host);
        }

        question.Headers.TryAddWithoutValidation(XForwardedUri, Trusted(trusted, incoming, XForwardedUri) ?? request.RawPath + incoming.QueryString.Value);
        return question;
    }

    /// <summary>The failure with its cause: a TLS refusal says only "see inner exception" on its own.</summary>
    private static string Reason(Exception e) =>
        e.InnerException is { } inner && e is HttpRequestException ? $"{e.Message} {inner.Message}" : e.Message;

    private static string? Trusted(bool trusted, HttpRequest incoming, string name) =>
        trusted && incoming.Headers[name] is { Count: > 0 } values && !string.IsNullOrEmpty(values[0]) ? values[0] : null;

    /// <summary>
    /// The body for the auth server, or the status that refuses it: 401 over maxBodySize (Traefik), 413 over the
    /// node's ceiling, 503 when the node's <see cref="AuthBodyBudget"/> has not the bytes. What it took from the
    /// budget is added to <paramref name="held"/> for the caller to give back.
    /// </summary>
    private async Task<(byte[]? Body, int? Refusal)> ReadBodyAsync(HttpContext context, long[] held)
    {
        var limit = _maxBodySize > 0 ? _maxBodySize : BodyCeilingBytes;
        var overStatus = _maxBodySize > 0 ? StatusCodes.Status401Unauthorized : StatusCodes.Status413PayloadTooLarge;
        if (context.Request.ContentLength is { } declared)
        {
            if (declared > limit)
            {
                return (null, overStatus);
            }

            // A declared length is taken whole before the first byte is read.
            if (!_bodyBudget.TryTake(declared))
            {
                return (null, StatusCodes.Status503ServiceUnavailable);
            }

            held[0] = declared;
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await context.Request.Body.ReadAsync(chunk, context.RequestAborted).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                return (null, overStatus);
            }

            if (buffer.Length + read > held[0])
            {
                if (!_bodyBudget.TryTake(read))
                {
                    return (null, StatusCodes.Status503ServiceUnavailable);
                }

                held[0] += read;
            }

            buffer.Write(chunk, 0, read);
        }

        return (buffer.ToArray(), null);
    }

    private static async Task<byte[]?> ReadAnswerAsync(HttpResponseMessage answer, CancellationToken cancel)
    {
        if (answer.Content.Headers.ContentLength > AuthServerClient.MaxResponseBodyBytes)
        {
            throw new AnswerTooLargeException();
        }

        await using var stream = await answer.Content.ReadAsStreamAsync(cancel).ConfigureAwait(false);
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancel).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > AuthServerClient.MaxResponseBodyBytes)
            {
                throw new AnswerTooLargeException();
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    /// <summary>The auth server's refusal, as it wrote it, to the client.</summary>
    private async Task RelayAsync(HttpContext context, HttpResponseMessage answer, byte[] body)
    {
        var response = context.Response;
        response.StatusCode = (int)answer.StatusCode;
        foreach (var (name, values) in answer.Headers.Concat(answer.Content.Headers))
        {
            if (!NotCopied.Contains(name))
            {
                response.Headers.Append(name, new StringValues([.. values]));
            }
        }

        // A relative Location is the auth server's own path: made absolute on its address, unless preserveLocationHeader.
        if (answer.Headers.Location is { } location)
        {
            response.Headers.Location = !_preserveLocation && !location.IsAbsoluteUri
                ? new Uri(_address, location).AbsoluteUri
                : location.OriginalString;
        }

        response.ContentLength = body.Length;
        await response.Body.WriteAsync(body, context.RequestAborted).ConfigureAwait(false);
    }

    /// <summary>authResponseHeaders replace the request's; authResponseHeadersRegex first strips every request header it matches.</summary>
    private void CopyAnswerHeaders(IHeaderDictionary request, HttpResponseMessage answer)
    {
        foreach (var name in _responseHeaders)
        {
            request.Remove(name);
            if (answer.Headers.TryGetValues(name, out var values) || answer.Content.Headers.TryGetValues(name, out values))
            {
                request[name] = new StringValues([.. values]);
            }
        }

        if (_responseHeadersRegex is null)
        {
            return;
        }

        foreach (var name in request.Keys.Where(name => _responseHeadersRegex.IsMatch(name)).ToList())
        {
            request.Remove(name);
        }

        foreach (var (name, values) in answer.Headers)
        {
            if (_responseHeadersRegex.IsMatch(name) && !NotCopied.Contains(name))
            {
                request[name] = new StringValues([.. values]);
            }
        }
    }

    /// <summary>The listed cookies of the answer go on the client's response, replacing the backend's of the same names.</summary>
    private void AddCookies(HttpContext context, HttpResponseMessage answer)
    {
        if (_cookies.IsEmpty || !answer.Headers.TryGetValues("Set-Cookie", out var setCookies))
        {
            return;
        }

        var added = setCookies.Where(c => _cookies.Contains(CookieName(c))).ToArray();
        if (added.Length == 0)
        {
            return;
        }

        var response = context.Response;
        response.OnStarting(() =>
        {
            var names = added.Select(CookieName).ToHashSet(StringComparer.Ordinal);
            var kept = response.Headers.SetCookie.Where(c => c is null || !names.Contains(CookieName(c)));
            response.Headers.SetCookie = new StringValues([.. kept, .. added]);
            return Task.CompletedTask;
        });
    }

    private static string CookieName(string setCookie)
    {
        var end = setCookie.IndexOf('=', StringComparison.Ordinal);
        return (end < 0 ? setCookie : setCookie[..end]).Trim();
    }

    private sealed class AnswerTooLargeException : Exception
    {
    }
}
