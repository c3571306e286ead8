using System.Collections.Immutable;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Proxy.Actors.Certificates.Acme;

/// <summary>
/// An RFC 8555 client for one account on one CA: plain HTTP and JWS, no host types. Every
/// request is a JWS POST (POST-as-GET for reads) carrying a fresh nonce; a badNonce answer is
/// retried with the nonce that came with it. The CA's errors come back as <see cref="AcmeProblem"/>
/// values, with Retry-After for rate limits. Not thread-safe: one order at a time per client,
/// which is what one ordering node does.
/// </summary>
public sealed class AcmeClient
{
    /// <summary>RFC 8555 section 6.5 lets the CA refuse any nonce; more than this in a row is a broken CA, not bad luck.</summary>
    public const int BadNonceRetries = 5;

    /// <summary>Poll interval when the CA sends no Retry-After.</summary>
    public static readonly TimeSpan DefaultPollInterval = TimeSpan.FromSeconds(1);

    private const string JoseJson = "application/jose+json";

    private readonly HttpClient _http;
    private readonly Uri _directoryUrl;
    private readonly AcmeAccountKey _key;
    private readonly TimeProvider _time;
    private AcmeDirectory? _directory;
    private string? _nonce;
    private Uri? _accountUrl;

    public AcmeClient(HttpClient http, Uri directoryUrl, AcmeAccountKey key, TimeProvider time)
    {
        _http = http;
        _directoryUrl = directoryUrl;
        _key = key;
        _time = time;
    }

    public AcmeAccountKey Key => _key;

    /// <summary>The account's URL (the JWS kid), once <see cref="CreateAccountAsync"/> succeeded.</summary>
    public Uri? AccountUrl => _accountUrl;

    public async Task<AcmeResult<AcmeDirectory>> GetDirectoryAsync(CancellationToken cancellationToken = default)
    {
        if (_directory is not null)
        {
            return _directory;
        }

        const string operation = "directory";
        HttpResponseMessage response;
        try
        {
            response = await _http.GetAsync(_directoryUrl, cancellationToken);
        }
        catch (HttpRequestException e)
        {
            return Transport(operation, _directoryUrl, e);
        }

        using (response)
        {
            if (!response.IsSuccessStatusCode)
            {
                return await ProblemAsync(response, operation, cancellationToken);
            }

            try
            {
                using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
                var root = json.RootElement;
                var meta = root.TryGetProperty("meta", out var m) ? m : default;
                _directory = new AcmeDirectory(
                    RequiredUri(root, "newNonce"),
                    RequiredUri(root, "newAccount"),
                    RequiredUri(root, "newOrder"),
                    OptionalUri(root, "revokeCert"),
                    OptionalUri(root, "keyChange"),
                    meta.ValueKind == JsonValueKind.Object ? OptionalUri(meta, "termsOfService") : null,
                    meta.ValueKind == JsonValueKind.Object && meta.TryGetProperty("externalAccountRequired", out var ear) && ear.ValueKind == JsonValueKind.True);
                return _directory;
            }
            catch (Exception e) when (e is JsonException or FormatException or KeyNotFoundException or InvalidOperationException)
            {
                return Malformed(operation, e);
            }
        }
    }

    /// <summary>
    /// newAccount with the terms agreed and the email as contact; an account that already exists
    /// for the key is found, not duplicated (the CA answers 200 with its URL).
    /// </summary>
    public async Task<AcmeResult<AcmeAccount>> CreateAccountAsync(string? email, CancellationToken cancellationToken = default)
    {
        var directory = await GetDirectoryAsync(cancellationToken);
        if (!directory.IsSuccess)
        {
            return directory.Problem;
        }

        if (directory.Value.ExternalAccountRequired)
        {
            return new AcmeProblem(AcmeProblem.ErrorPrefix + "externalAccountRequired", "the CA requires external account binding, which this client does not support", 0, "newAccount");
        }

        var payload = email is { Length: > 0 }
            ? JsonSerializer.Serialize(new Dictionary<string, object> { ["termsOfServiceAgreed"] = true, ["contact"] = new[] { "mailto:" + email } })
            : """{"termsOfServiceAgreed":true}""";
        var result = await PostAsync("newAccount", directory.Value.NewAccount, payload, useJwk: true, cancellationToken);
        if (!result.IsSuccess)
        {
            return result.Problem;
        }

        if (result.Value.Location is not { } location)
        {
            return new AcmeProblem(AcmeProblem.ProtocolType, "the CA created the account but sent no Location header", (int)result.Value.Status, "newAccount");
        }

        _accountUrl = location;
        return Read("newAccount", result.Value, root => new AcmeAccount(location, root.GetProperty("status").GetString()!, result.Value.Status == HttpStatusCode.Created));
    }

    public async Task<AcmeResult<AcmeOrder>> NewOrderAsync(IReadOnlyList<string> domains, CancellationToken cancellationToken = default)
    {
        var directory = await GetDirectoryAsync(cancellationToken);
        if (!directory.IsSuccess)
        {
            return directory.Problem;
        }

        var payload = JsonSerializer.Serialize(new { identifiers = domains.Select(d => new { type = "dns", value = d }) });
        var result = await PostAsync("newOrder", directory.Value.NewOrder, payload, useJwk: false, cancellationToken);
        if (!result.IsSuccess)
        {
            return result.Problem;
        }

        if (result.Value.Location is not { } location)
        {
            return new AcmeProblem(AcmeProblem.ProtocolType, "the CA created the order but sent no Location header", (int)result.Value.Status, "newOrder");
        }

        return Read("newOrder", result.Value, root => ParseOrder(location, root));
    }

    public async Task<AcmeResult<AcmeOrder>> GetOrderAsync(Uri order, CancellationToken cancellationToken = default)
    {
        var result = await PostAsync("order", order, null, useJwk: false, cancellationToken);
        return result.IsSuccess ? Read("order", result.Value, root => ParseOrder(order, root)) : result.Problem;
    }

    public async Task<AcmeResult<AcmeAuthorization>> GetAuthorizationAsync(Uri authorization, CancellationToken cancellationToken = default)
    {
        var result = await PostAsync("authorization", authorization, null, useJwk: false, cancellationToken);
        return result.IsSuccess ? Read("authorization", result.Value, root => ParseAuthorization(authorization, root)) : result.Problem;
    }

    /// <summary>Tells the CA the challenge's answer is in place (an empty JSON object, RFC 8555 section 7.5.1).</summary>
    public async Task<AcmeResult<AcmeChallenge>> RespondToChallengeAsync(AcmeChallenge challenge, CancellationToken cancellationToken = default)
    {
        var result = await PostAsync("challenge", challenge.Url, "{}", useJwk: false, cancellationToken);
        return result.IsSuccess ? Read("challenge", result.Value, ParseChallenge) : result.Problem;
    }

    /// <summary>
    /// Responds to the challenge and polls its authorization until the CA decides. Valid gives the
    /// authorization; invalid gives the challenge's error (what the CA saw, e.g. unauthorized or
    /// connection) as the problem; still pending after <paramref name="timeout"/> gives a timeout problem.
    /// </summary>
    public async Task<AcmeResult<AcmeAuthorization>> ValidateAsync(AcmeAuthorization authorization, AcmeChallenge challenge, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var responded = await RespondToChallengeAsync(challenge, cancellationToken);
        if (!responded.IsSuccess)
        {
            return responded.Problem;
        }

        var deadline = _time.GetUtcNow() + timeout;
        while (true)
        {
            var current = await PollAsync("authorization", authorization.Location, root => ParseAuthorization(authorization.Location, root), cancellationToken);
            if (!current.IsSuccess)
            {
                return current.Problem;
            }

            var (value, retryAfter) = current.Value;
            switch (value.Status)
            {
                case "valid":
                    return value;
                case "pending":
                    break;
                default:
                    var failed = value.Challenge(challenge.Type);
                    return failed?.Error ?? new AcmeProblem(AcmeProblem.ErrorPrefix + "unauthorized", $"authorization for {value.Identifier} is {value.Status}", 0, "authorization");
            }

            if (await WaitAsync(retryAfter, deadline, cancellationToken) is { } late)
            {
                return late with { Detail = $"authorization for {value.Identifier} still {value.Status} after the limit of {timeout.TotalSeconds:0} s" };
            }
        }
    }

    /// <summary>
    /// Finalizes a ready order with the CSR and polls it until it is valid (its certificate URL set),
    /// invalid (the order's error) or still processing after <paramref name="timeout"/>.
    /// </summary>
    public async Task<AcmeResult<AcmeOrder>> FinalizeAsync(AcmeOrder order, byte[] csr, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var payload = JsonSerializer.Serialize(new { csr = Base64Url.Encode(csr) });
        var finalized = await PostAsync("finalize", order.Finalize, payload, useJwk: false, cancellationToken);
        if (!finalized.IsSuccess)
        {
            return finalized.Problem;
        }

        var deadline = _time.GetUtcNow() + timeout;
        var current = Read("finalize", finalized.Value, root => ParseOrder(order.Location, root));
        var retryAfter = RetryAfter(finalized.Value.Headers);
        while (true)
        {
            if (!current.IsSuccess)
            {
                return current.Problem;
            }

            switch (current.Value.Status)
            {
                case "valid" when current.Value.Certificate is not null:
                    return current;
                case "invalid":
                    return current.Value.Error ?? new AcmeProblem(AcmeProblem.ErrorPrefix + "orderNotReady", $"order {order.Location} became invalid", 0, "finalize");
            }

            if (await WaitAsync(retryAfter, deadline, cancellationToken) is { } late)
            {
                return late with { Detail = $"order {order.Location} still {current.Value.Status} after the limit of {timeout.TotalSeconds:0} s" };
            }

            var polled = await PollAsync("order", order.Location, root => ParseOrder(order.Location, root), cancellationToken);
            if (!polled.IsSuccess)
            {
                return polled.Problem;
            }

            (current, retryAfter) = (polled.Value.Value, polled.Value.RetryAfter);
        }
    }

    /// <summary>The issued chain as PEM (leaf first, then the intermediates), RFC 8555 section 7.4.2.</summary>
    public async Task<AcmeResult<string>> DownloadCertificateAsync(Uri certificate, CancellationToken cancellationToken = default)
    {
        var result = await PostAsync("certificate", certificate, null, useJwk: false, cancellationToken, accept: "application/pem-certificate-chain");
        if (!result.IsSuccess)
        {
            return result.Problem;
        }

        return result.Value.Body.Contains("-----BEGIN CERTIFICATE-----", StringComparison.Ordinal)
            ? result.Value.Body
            : new AcmeProblem(AcmeProblem.ProtocolType, "the certificate download holds no PEM certificate", (int)result.Value.Status, "certificate");
    }

    private async Task<AcmeResult<(T Value, TimeSpan? RetryAfter)>> PollAsync<T>(string operation, Uri url, Func<JsonElement, T> parse, CancellationToken cancellationToken)
    {
        var result = await PostAsync(operation, url, null, useJwk: false, cancellationToken);
        if (!result.IsSuccess)
        {
            return result.Problem;
        }

        var parsed = Read(operation, result.Value, parse);
        return parsed.IsSuccess ? (parsed.Value, RetryAfter(result.Value.Headers)) : parsed.Problem;
    }

    /// <summary>Waits Retry-After (or the default), or returns a timeout problem when that would pass the deadline.</summary>
    private async Task<AcmeProblem?> WaitAsync(TimeSpan? retryAfter, DateTimeOffset deadline, CancellationToken cancellationToken)
    {
        var wait = retryAfter ?? DefaultPollInterval;
        if (_time.GetUtcNow() + wait > deadline)
        {
            return new AcmeProblem(AcmeProblem.TimeoutType, string.Empty, 0, "poll");
        }

        await Task.Delay(wait, _time, cancellationToken);
        return null;
    }

    private async Task<AcmeResult<AcmeResponse>> PostAsync(string operation, Uri url, string? payload, bool useJwk, CancellationToken cancellationToken, string? accept = null)
    {
        if (!useJwk && _accountUrl is null)
        {
            return new AcmeProblem(AcmeProblem.ProtocolType, "no account yet: create the account before any other request", 0, operation);
        }

        for (var attempt = 0; ; attempt++)
        {
            var nonce = await NonceAsync(operation, cancellationToken);
            if (!nonce.IsSuccess)
            {
                return nonce.Problem;
            }

            using var request = new HttpRequestMessage(HttpMethod.Post, url)
            {
                Content = new StringContent(Jws(url, nonce.Value, payload, useJwk), Encoding.UTF8),
            };
            request.Content.Headers.ContentType = new MediaTypeHeaderValue(JoseJson);
            if (accept is not null)
            {
                request.Headers.Accept.ParseAdd(accept);
            }

            HttpResponseMessage response;
            try
            {
                response = await _http.SendAsync(request, cancellationToken);
            }
            catch (HttpRequestException e)
            {
                return Transport(operation, url, e);
            }

            using (response)
            {
                KeepNonce(response);
                if (response.IsSuccessStatusCode)
                {
                    return new AcmeResponse(response.StatusCode, response.Headers.Location is { } l ? new Uri(url, l) : null, response.Headers, await response.Content.ReadAsStringAsync(cancellationToken));
                }

                var problem = await ProblemAsync(response, operation, cancellationToken);
                if (problem.IsBadNonce && attempt < BadNonceRetries)
                {
                    continue;
                }

                return problem;
            }
        }
    }

    private async Task<AcmeResult<string>> NonceAsync(string operation, CancellationToken cancellationToken)
    {
        // A nonce is good once: take it so that a failed request cannot reuse it.
        if (Interlocked.Exchange(ref _nonce, null) is { } nonce)
        {
            return nonce;
        }

        var directory = await GetDirectoryAsync(cancellationToken);
        if (!directory.IsSuccess)
        {
            return directory.Problem;
        }

        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Head, directory.Value.NewNonce);
            using var response = await _http.SendAsync(request, cancellationToken);
            if (response.Headers.TryGetValues("Replay-Nonce", out var values) && values.FirstOrDefault() is { Length: > 0 } fresh)
            {
                return fresh;
            }

            return new AcmeProblem(AcmeProblem.ProtocolType, $"newNonce answered {(int)response.StatusCode} without a Replay-Nonce header", (int)response.StatusCode, operation);
        }
        catch (HttpRequestException e)
        {
            return Transport(operation, directory.Value.NewNonce, e);
        }
    }

    private void KeepNonce(HttpResponseMessage response)
    {
        if (response.Headers.TryGetValues("Replay-Nonce", out var values) && values.FirstOrDefault() is { Length: > 0 } nonce)
        {
            _nonce = nonce;
        }
    }

    private string Jws(Uri url, string nonce, string? payload, bool useJwk)
    {
        var header = new StringBuilder();
        header.Append("{\"alg\":").Append(JsonSerializer.Serialize(_key.Algorithm))
            .Append(",\"nonce\":").Append(JsonSerializer.Serialize(nonce))
            .Append(",\"url\":").Append(JsonSerializer.Serialize(url.AbsoluteUri));
        if (useJwk)
        {
            header.Append(",\"jwk\":").Append(_key.Jwk);
        }
        else
        {
            header.Append(",\"kid\":").Append(JsonSerializer.Serialize(_accountUrl!.AbsoluteUri));
        }

        header.Append('}');
        var protectedPart = Base64Url.Encode(Encoding.UTF8.GetBytes(header.ToString()));
        // POST-as-GET (RFC 8555 section 6.3) signs an empty payload, not "{}".
        var payloadPart = payload is null ? string.Empty : Base64Url.Encode(Encoding.UTF8.GetBytes(payload));
        var signature = Base64Url.Encode(_key.Sign(Encoding.ASCII.GetBytes(protectedPart + "." + payloadPart)));
        return JsonSerializer.Serialize(new Dictionary<string, string> { ["protected"] = protectedPart, ["payload"] = payloadPart, ["signature"] = signature });
    }

    private static AcmeResult<T> Read<T>(string operation, AcmeResponse response, Func<JsonElement, T> parse)
    {
        try
        {
            using var json = JsonDocument.Parse(response.Body);
            return parse(json.RootElement);
        }
        catch (Exception e) when (e is JsonException or FormatException or KeyNotFoundException or InvalidOperationException or UriFormatException)
        {
            return Malformed(operation, e);
        }
    }

    private static async Task<AcmeProblem> ProblemAsync(HttpResponseMessage response, string operation, CancellationToken cancellationToken)
    {
        var status = (int)response.StatusCode;
        var retryAfter = RetryAfter(response.Headers);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        try
        {
            using var json = JsonDocument.Parse(body);
            if (ParseProblem(json.RootElement, operation) is { } problem)
            {
                return problem with { Status = problem.Status == 0 ? status : problem.Status, RetryAfter = retryAfter };
            }
        }
        catch (JsonException)
        {
            // Not a problem document (a proxy in front of the CA, say): report what came back.
        }

        var type = status == 429 ? AcmeProblem.ErrorPrefix + "rateLimited" : AcmeProblem.ProtocolType;
        return new AcmeProblem(type, $"HTTP {status} without a problem document", status, operation, retryAfter);
    }

    private static AcmeProblem? ParseProblem(JsonElement element, string operation)
    {
        if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty("type", out var type))
        {
            return null;
        }

        var detail = element.TryGetProperty("detail", out var d) ? d.GetString() ?? string.Empty : string.Empty;
        var status = element.TryGetProperty("status", out var s) && s.ValueKind == JsonValueKind.Number ? s.GetInt32() : 0;
        return new AcmeProblem(type.GetString() ?? string.Empty, detail, status, operation);
    }

    private static TimeSpan? RetryAfter(HttpResponseHeaders headers) => headers.RetryAfter switch
    {
        { Delta: { } delta } => delta,
        // A date is relative to the CA's clock, which the Date header gives; our own clock may differ.
        { Date: { } date } when headers.Date is { } now => date > now ? date - now : TimeSpan.Zero,
        _ => null,
    };

    private static AcmeOrder ParseOrder(Uri location, JsonElement root) => new(
        location,
        root.GetProperty("status").GetString()!,
        [.. root.GetProperty("identifiers").EnumerateArray().Select(i => i.GetProperty("value").GetString()!)],
        [.. root.GetProperty("authorizations").EnumerateArray().Select(a => new Uri(a.GetString()!))],
        RequiredUri(root, "finalize"),
        OptionalUri(root, "certificate"),
        root.TryGetProperty("expires", out var e) && e.ValueKind == JsonValueKind.String ? e.GetDateTimeOffset() : null,
        root.TryGetProperty("error", out var error) ? ParseProblem(error, "order") : null);

    private static AcmeAuthorization ParseAuthorization(Uri location, JsonElement root) => new(
        location,
        root.GetProperty("identifier").GetProperty("value").GetString()!,
        root.GetProperty("status").GetString()!,
        root.TryGetProperty("wildcard", out var w) && w.ValueKind == JsonValueKind.True,
        [.. root.GetProperty("challenges").EnumerateArray().Select(ParseChallenge)]);

    private static AcmeChallenge ParseChallenge(JsonElement c) => new(
        c.GetProperty("type").GetString()!,
        RequiredUri(c, "url"),
        c.TryGetProperty("token", out var t) ? t.GetString() ?? string.Empty : string.Empty,
        c.GetProperty("status").GetString()!,
        c.TryGetProperty("error", out var error) ? ParseProblem(error, "challenge") : null);

    private static Uri RequiredUri(JsonElement element, string name) => new(element.GetProperty(name).GetString()!);

    private static Uri? OptionalUri(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.GetString() is { Length: > 0 } text ? new Uri(text) : null;

    private static AcmeProblem Transport(string operation, Uri url, HttpRequestException e) =>
        new(AcmeProblem.TransportType, $"{url}: {e.Message}", 0, operation);

    private static AcmeProblem Malformed(string operation, Exception e) =>
        new(AcmeProblem.ProtocolType, $"the CA's answer is not the RFC 8555 resource expected: {e.Message}", 0, operation);

    private sealed record AcmeResponse(HttpStatusCode Status, Uri? Location, HttpResponseHeaders Headers, string Body);
}
