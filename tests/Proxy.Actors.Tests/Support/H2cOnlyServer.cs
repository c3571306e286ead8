using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Logging;

namespace Proxy.Actors.Tests.Support;

/// <summary>A real Kestrel server on 127.0.0.1 that speaks HTTP/2 with prior knowledge only (h2c), as a gRPC server without TLS does.</summary>
public sealed class H2cOnlyServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<string> _protocols = new();

    private H2cOnlyServer(WebApplication app)
    {
        _app = app;
    }

    public int Port { get; private set; }

    /// <summary>The protocol of every request /health received.</summary>
    public IReadOnlyList<string> Protocols => [.. _protocols];

    public static async Task<H2cOnlyServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, l => l.Protocols = HttpProtocols.Http2));
        var app = builder.Build();
        var server = new H2cOnlyServer(app);
        app.MapGet("/health", (HttpContext context) =>
        {
            server._protocols.Enqueue(context.Request.Protocol);
            return Results.Ok();
        });
        await app.StartAsync();
        server.Port = new Uri(app.Urls.Single()).Port;
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
