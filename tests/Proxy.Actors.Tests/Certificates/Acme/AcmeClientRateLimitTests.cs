using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Proxy.Actors.Certificates.Acme;
using Xunit;

namespace Proxy.Actors.Tests.Certificates.Acme;

/// <summary>
/// Pebble has no rate limits, so this one answer comes from a Kestrel server speaking just enough
/// ACME (directory, nonce) to refuse newAccount with 429, a problem document and Retry-After,
/// exactly as Let's Encrypt does (RFC 8555 section 6.6).
/// </summary>
public sealed class AcmeClientRateLimitTests
{
    [Fact]
    public async Task CreateAccountAsync_Ca429WithRetryAfter_RateLimitedProblemWithTheWait()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        await using var app = builder.Build();
        app.MapGet("/dir", (HttpContext context) => Results.Json(new Dictionary<string, string>
        {
            ["newNonce"] = $"{context.Request.Scheme}://{context.Request.Host}/nonce",
            ["newAccount"] = $"{context.Request.Scheme}://{context.Request.Host}/account",
            ["newOrder"] = $"{context.Request.Scheme}://{context.Request.Host}/order",
        }));
        app.MapMethods("/nonce", ["HEAD"], (HttpContext context) =>
        {
            context.Response.Headers["Replay-Nonce"] = "n1";
            return Results.Ok();
        });
        app.MapPost("/account", (HttpContext context) =>
        {
            context.Response.Headers.RetryAfter = "120";
            context.Response.Headers["Replay-Nonce"] = "n2";
            return Results.Json(
                new { type = "urn:ietf:params:acme:error:rateLimited", detail = "too many new registrations from this IP", status = 429 },
                statusCode: 429,
                contentType: "application/problem+json");
        });
        await app.StartAsync();
        using var http = new HttpClient();
        using var key = AcmeAccountKey.CreateEs256();
        var client = new AcmeClient(http, new Uri(app.Urls.First() + "/dir"), key, TimeProvider.System);

        var result = await client.CreateAccountAsync("ops@example.com");

        Assert.False(result.IsSuccess);
        Assert.True(result.Problem.IsRateLimited);
        Assert.Equal(AcmeProblem.ErrorPrefix + "rateLimited", result.Problem.Type);
        Assert.Equal(429, result.Problem.Status);
        Assert.Equal(TimeSpan.FromSeconds(120), result.Problem.RetryAfter);
        Assert.Equal("newAccount", result.Problem.Operation);
        Assert.Contains("too many new registrations", result.Problem.ToString());
    }
}
