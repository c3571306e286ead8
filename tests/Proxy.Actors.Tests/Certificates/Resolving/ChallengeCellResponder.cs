using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Proxy.Actors.Certificates;

namespace Proxy.Actors.Tests.Certificates.Resolving;

/// <summary>
/// Answers HTTP-01 from the node's <see cref="AcmeChallengeCell"/>, as the request path does, on the
/// port pebble validates; <see cref="Answering"/> off makes every validation fail (404).
/// </summary>
public sealed class ChallengeCellResponder : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _requests;

    private ChallengeCellResponder(WebApplication app) => _app = app;

    private volatile bool _answering = true;

    public bool Answering
    {
        get => _answering;
        set => _answering = value;
    }

    public int Requests => Volatile.Read(ref _requests);

    public static async Task<ChallengeCellResponder> StartAsync(int port, AcmeChallengeCell cell)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, port));
        var app = builder.Build();
        var responder = new ChallengeCellResponder(app);
        app.MapGet("/.well-known/acme-challenge/{token}", (string token, HttpContext context) =>
        {
            Interlocked.Increment(ref responder._requests);
            return responder.Answering && cell.Current.TryAnswer(token, context.Request.Host.Host, out var answer)
                ? Results.Text(answer, "text/plain")
                : Results.NotFound();
        });
        await app.StartAsync();
        return responder;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
