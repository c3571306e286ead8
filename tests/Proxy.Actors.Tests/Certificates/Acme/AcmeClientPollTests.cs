using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Proxy.Actors.Certificates.Acme;
using Xunit;

namespace Proxy.Actors.Tests.Certificates.Acme;

/// <summary>
/// Pebble answers without Retry-After, so the wait it asks for is checked against a Kestrel server
/// that keeps an authorization pending with <c>Retry-After: 30</c>, on a clock the test moves.
/// </summary>
public sealed class AcmeClientPollTests
{
    [Fact]
    public async Task ValidateAsync_PendingWithRetryAfter_PollsAgainOnlyWhenTheWaitHasPassed()
    {
        var polls = 0;
        var status = "pending";
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        await using var app = builder.Build();
        string Base(HttpContext c) => $"{c.Request.Scheme}://{c.Request.Host}";
        app.MapGet("/dir", (HttpContext c) => Results.Json(new Dictionary<string, string>
        {
            ["newNonce"] = Base(c) + "/nonce", ["newAccount"] = Base(c) + "/account", ["newOrder"] = Base(c) + "/order",
        }));
        app.MapMethods("/nonce", ["HEAD"], (HttpContext c) =>
        {
            c.Response.Headers["Replay-Nonce"] = "n";
            return Results.Ok();
        });
        app.MapPost("/account", (HttpContext c) =>
        {
            c.Response.Headers.Location = Base(c) + "/account/1";
            return Results.Json(new { status = "valid" }, statusCode: 201);
        });
        object Challenge(HttpContext c) => new { type = "http-01", url = Base(c) + "/chall", token = "tok", status = Volatile.Read(ref status) };
        app.MapPost("/chall", (HttpContext c) => Results.Json(Challenge(c)));
        app.MapPost("/authz", (HttpContext c) =>
        {
            Interlocked.Increment(ref polls);
            c.Response.Headers.RetryAfter = "30";
            return Results.Json(new { status = Volatile.Read(ref status), identifier = new { type = "dns", value = "a.test" }, challenges = new[] { Challenge(c) } });
        });
        await app.StartAsync();
        var baseUrl = app.Urls.First();
        var time = new FakeTimeProvider();
        using var http = new HttpClient();
        using var key = AcmeAccountKey.CreateEs256();
        var client = new AcmeClient(http, new Uri(baseUrl + "/dir"), key, time);
        Assert.True((await client.CreateAccountAsync(null)).IsSuccess);
        var authorization = new AcmeAuthorization(new Uri(baseUrl + "/authz"), "a.test", "pending", false, [new AcmeChallenge("http-01", new Uri(baseUrl + "/chall"), "tok", "pending", null)]);

        var validation = client.ValidateAsync(authorization, authorization.Challenges[0], TimeSpan.FromMinutes(5));
        await WaitForAsync(() => Volatile.Read(ref polls) == 1);
        // Lets the client start its wait on the fake clock before the clock moves.
        await Task.Delay(200);
        time.Advance(TimeSpan.FromSeconds(29));
        await Task.Delay(200);
        var beforeTheWait = Volatile.Read(ref polls);
        Volatile.Write(ref status, "valid");
        time.Advance(TimeSpan.FromSeconds(1));
        var result = await validation.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(1, beforeTheWait);
        Assert.Equal(2, Volatile.Read(ref polls));
        Assert.True(result.IsSuccess, result.Problem?.ToString());
        Assert.Equal("valid", result.Value.Status);
    }

    private static async Task WaitForAsync(Func<bool> condition)
    {
        for (var i = 0; i < 100 && !condition(); i++)
        {
            await Task.Delay(50);
        }

        Assert.True(condition());
    }
}
