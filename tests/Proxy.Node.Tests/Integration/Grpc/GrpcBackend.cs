using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Proxy.Node.Tests.Integration.Grpc;

/// <summary>
/// A real gRPC server (Grpc.AspNetCore on Kestrel) on 127.0.0.1 that speaks h2c only, as a gRPC backend
/// without TLS does (or HTTP/2 over TLS with a certificate), and records what each call saw, so a test can tell
/// what crossed the node and when.
/// </summary>
public sealed class GrpcBackend : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _calls;

    private GrpcBackend(WebApplication app, string name, int port, bool tls)
    {
        _app = app;
        Name = name;
        Port = port;
        Url = tls ? $"https://127.0.0.1:{port}" : $"h2c://127.0.0.1:{port}";
    }

    public string Name { get; }

    public int Port { get; }

    /// <summary>The server's URL in a service's list: Traefik's h2c scheme, or https with a certificate.</summary>
    public string Url { get; }

    /// <summary>Lets <c>Countdown</c> write its next reply.</summary>
    public SemaphoreSlim NextReply { get; } = new(0);

    /// <summary>Each message <c>Collect</c> received, as it arrived.</summary>
    public ConcurrentQueue<string> Collected { get; } = new();

    /// <summary>Set when a <c>Hang</c> call starts, with the deadline the server was given (MaxValue: none).</summary>
    public TaskCompletionSource<DateTime> HangStarted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Set when a <c>Hang</c> call's cancellation reached the server.</summary>
    public TaskCompletionSource HangCancelled { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>How many calls of any method reached this server.</summary>
    public int Calls => Volatile.Read(ref _calls);

    internal void Called() => Interlocked.Increment(ref _calls);

    /// <param name="certificate">Serve HTTP/2 over TLS with this certificate (PEM files) instead of h2c.</param>
    public static async Task<GrpcBackend> StartAsync(string name, (string CertFile, string KeyFile)? certificate = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, l =>
        {
            l.Protocols = HttpProtocols.Http2;
            if (certificate is { } files)
            {
                l.UseHttps(System.Security.Cryptography.X509Certificates.X509Certificate2.CreateFromPemFile(files.CertFile, files.KeyFile));
            }
        }));
        builder.Services.AddGrpc();
        var holder = new BackendHolder();
        builder.Services.AddSingleton(holder);
        var app = builder.Build();
        app.MapGrpcService<EchoService>();
        // For the node's active health check, which probes in h2c as it forwards.
        app.MapGet("/health", (HttpContext context) => context.Request.Protocol == "HTTP/2" ? Results.Ok() : Results.StatusCode(505));
        await app.StartAsync();
        var backend = new GrpcBackend(app, name, new Uri(app.Urls.Single()).Port, certificate is not null);
        holder.Backend = backend;
        return backend;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        NextReply.Dispose();
    }

    /// <summary>How the service, made per call by the container, finds the backend it belongs to.</summary>
    internal sealed class BackendHolder
    {
        public GrpcBackend Backend { get; set; } = null!;
    }
}
