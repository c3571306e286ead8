using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Proxy.Actors.Certificates.Acme;

namespace Proxy.Actors.Tests.Certificates.Acme;

/// <summary>
/// A real Kestrel server on 127.0.0.1 answering <c>/.well-known/acme-challenge/&lt;token&gt;</c>
/// with what <see cref="Answer"/> was given, where pebble's HTTP-01 validation connects.
/// </summary>
public sealed class Http01Responder : IAcmeChallengeResponder, IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, string> _answers = new();
    private int _requests;

    private Http01Responder(WebApplication app) => _app = app;

    public int Requests => Volatile.Read(ref _requests);

    public static async Task<Http01Responder> StartAsync(int port)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, port));
        var app = builder.Build();
        var responder = new Http01Responder(app);
        app.MapGet("/.well-known/acme-challenge/{token}", (string token) =>
        {
            Interlocked.Increment(ref responder._requests);
            return responder._answers.TryGetValue(token, out var answer) ? Results.Text(answer, "text/plain") : Results.NotFound();
        });
        await app.StartAsync();
        return responder;
    }

    public void Answer(string token, string content) => _answers[token] = content;

    public Task PublishAsync(AcmeChallengeAnswer answer, CancellationToken cancellationToken)
    {
        Answer(answer.Token, answer.KeyAuthorization);
        return Task.CompletedTask;
    }

    public Task WithdrawAsync(AcmeChallengeAnswer answer, CancellationToken cancellationToken)
    {
        _answers.TryRemove(answer.Token, out _);
        return Task.CompletedTask;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
