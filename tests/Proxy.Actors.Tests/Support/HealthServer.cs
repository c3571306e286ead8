using System.Collections.Immutable;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Proxy.Actors.Backends;
using Proxy.Actors.Model;
using Proxy.Actors.Model.Config;

namespace Proxy.Actors.Tests.Support;

/// <summary>
/// A real Kestrel server on 127.0.0.1 whose <c>/health</c> answers <see cref="Status"/>, so a test
/// can flip a backend between healthy and failing while the actors probe it over HTTP.
/// </summary>
public sealed class HealthServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _status = 200;
    private int _probes;

    private HealthServer(WebApplication app, Uri url)
    {
        _app = app;
        Url = url;
    }

    public Uri Url { get; }

    /// <summary>The URL as a service lists it (no trailing slash).</summary>
    public string Address => Url.ToString().TrimEnd('/');

    public int Status
    {
        get => Volatile.Read(ref _status);
        set => Volatile.Write(ref _status, value);
    }

    public int Probes => Volatile.Read(ref _probes);

    public static async Task<HealthServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        HealthServer? server = null;
        app.MapGet("/health", () =>
        {
            Interlocked.Increment(ref server!._probes);
            return Results.StatusCode(server.Status);
        });
        app.MapGet("/slow", async (HttpContext context) =>
        {
            await Task.Delay(TimeSpan.FromSeconds(10), context.RequestAborted);
            return Results.Ok();
        });
        // Passes only for a probe that sends the check's Host and custom header.
        app.MapMethods("/vhost", ["GET", "HEAD"], (HttpContext context) =>
            context.Request.Host.Host == "health.local" && context.Request.Headers["X-Probe"] == "yes"
                ? Results.NoContent()
                : Results.StatusCode(421));
        await app.StartAsync();
        server = new HealthServer(app, new Uri(app.Urls.Single()));
        return server;
    }

    public static HealthCheckSpec Check(TimeSpan interval, bool initiallyUp = true, int failureThreshold = 1, int successThreshold = 1) =>
        new(HealthCheckConfig.Default with
        {
            Path = "/health", Interval = Duration.Format(interval), Timeout = "2s",
            FailureThreshold = failureThreshold, SuccessThreshold = successThreshold, InitialState = initiallyUp ? "up" : "down",
        });

    public static IHealthProber Prober() => new HttpHealthProber(new HttpMessageInvoker(new SocketsHttpHandler()));

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
