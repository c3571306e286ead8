using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Proxy.Node.Tests.Integration.Middlewares;

/// <summary>How a <see cref="FlakyBackend"/> answers.</summary>
public enum FlakyMode
{
    /// <summary>200 at once.</summary>
    Healthy,

    /// <summary>500 at once.</summary>
    Failing,

    /// <summary>200 after <see cref="FlakyBackend.SlowDelay"/>.</summary>
    Slow,

    /// <summary>Drops the connection without an answer: the proxy sees a network error.</summary>
    Dropping,
}

/// <summary>
/// A real Kestrel server whose behaviour a test switches while it runs: healthy, failing with 500s,
/// slow, or dropping connections. It counts the requests that reached it, so a test sees what a
/// circuit breaker kept away.
/// </summary>
public sealed class FlakyBackend : IAsyncDisposable
{
    public static readonly TimeSpan SlowDelay = TimeSpan.FromMilliseconds(300);

    private readonly WebApplication _app;
    private int _requests;
    private volatile FlakyMode _mode = FlakyMode.Healthy;

    private FlakyBackend(WebApplication app, IPAddress address, int port)
    {
        _app = app;
        Url = $"http://{address}:{port}";
    }

    public string Url { get; }

    public int Requests => Volatile.Read(ref _requests);

    public FlakyMode Mode
    {
        get => _mode;
        set => _mode = value;
    }

    public static async Task<FlakyBackend> StartAsync(int lastOctet)
    {
        var address = IPAddress.Parse($"127.0.0.{lastOctet}");
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(address, 0));
        builder.WebHost.UseShutdownTimeout(TimeSpan.FromSeconds(2));
        var app = builder.Build();
        FlakyBackend? self = null;
        app.Run(context => self!.HandleAsync(context));
        await app.StartAsync();
        var bound = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        self = new FlakyBackend(app, address, new Uri(bound).Port);
        return self;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        Interlocked.Increment(ref _requests);
        switch (_mode)
        {
            case FlakyMode.Failing:
                context.Response.StatusCode = 500;
                await context.Response.WriteAsync("failing");
                return;
            case FlakyMode.Slow:
                await Task.Delay(SlowDelay, context.RequestAborted);
                await context.Response.WriteAsync("slow");
                return;
            case FlakyMode.Dropping:
                context.Abort();
                return;
            default:
                await context.Response.WriteAsync("healthy");
                return;
        }
    }
}
