using System.Collections.Concurrent;
using System.Net;
using System.Runtime.CompilerServices;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Proxy.Node.Tests.Integration.Https;

/// <summary>What one request to a <see cref="TlsBackend"/> came with: the SNI of its connection, its HTTP version, the client certificate's subject.</summary>
internal sealed record TlsRequest(string? ServerName, string Protocol, string? ClientCertificate, string Host);

/// <summary>
/// A real HTTPS server (Kestrel, HTTP/1.1 and HTTP/2 by ALPN) on 127.0.0.1 with a certificate of an <see cref="HttpsLab"/>,
/// optionally requiring a client certificate of a CA; it records the SNI, protocol and client certificate of each request.
/// A path ending in <c>/slow</c> is answered after 3 s; <c>/health</c> answers 200.
/// </summary>
internal sealed class TlsBackend : IAsyncDisposable
{
    private readonly WebApplication _app;

    private readonly ConcurrentDictionary<string, string?> _names;

    private readonly StrongBox<int> _open;

    private TlsBackend(WebApplication app, IPAddress address, int port, ConcurrentDictionary<string, string?> names, StrongBox<int> open)
    {
        _app = app;
        _names = names;
        _open = open;
        Url = $"https://{new IPEndPoint(address, port)}"; // an IPv6 address comes bracketed, as a URL has it
    }

    public string Url { get; }

    public ConcurrentQueue<TlsRequest> Received { get; } = new();

    /// <summary>How many TLS handshakes the server has made: one per connection it accepted.</summary>
    public int Handshakes => _names.Count;

    /// <summary>How many of its connections are open now.</summary>
    public int Open => Volatile.Read(ref _open.Value);

    /// <param name="address">Where to listen: 127.0.0.1 unless given (<see cref="IPAddress.IPv6Loopback"/> for a bracketed URL).</param>
    public static async Task<TlsBackend> StartAsync((string CertFile, string KeyFile) certificate, X509Certificate2? clientCa = null, IPAddress? address = null)
    {
        address ??= IPAddress.Loopback;
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
        builder.Logging.ClearProviders();
        var serverCertificate = X509Certificate2.CreateFromPemFile(certificate.CertFile, certificate.KeyFile);
        var names = new ConcurrentDictionary<string, string?>();
        var open = new StrongBox<int>();
        builder.WebHost.ConfigureKestrel(k => k.Listen(address, 0, listen =>
        {
            listen.Use(next => async connection =>
            {
                Interlocked.Increment(ref open.Value);
                try
                {
                    await next(connection);
                }
                finally
                {
                    Interlocked.Decrement(ref open.Value);
                }
            });
            listen.Protocols = Microsoft.AspNetCore.Server.Kestrel.Core.HttpProtocols.Http1AndHttp2;
            listen.UseHttps(https =>
            {
                // The selector sees the SNI the client sent: kept per connection for the request to report.
                https.ServerCertificateSelector = (connection, name) =>
                {
                    names[connection!.ConnectionId] = name;
                    return serverCertificate;
                };
                CaTrust.RequireClientCertificate(https, clientCa);
            });
        }));
        builder.WebHost.UseShutdownTimeout(TimeSpan.FromSeconds(2));
        var app = builder.Build();
        TlsBackend? self = null;
        app.MapGet("/health", () => Results.Ok());
        app.MapFallback(async (HttpContext context) =>
        {
            if (context.Request.Path.Value!.EndsWith("/slow", StringComparison.Ordinal))
            {
                await Task.Delay(TimeSpan.FromSeconds(3), context.RequestAborted);
            }

            var request = new TlsRequest(
                names.GetValueOrDefault(context.Connection.Id), context.Request.Protocol, context.Connection.ClientCertificate?.Subject, context.Request.Host.Value ?? "");
            self!.Received.Enqueue(request);
            return Results.Ok(request.Protocol);
        });
        await app.StartAsync();
        self = new TlsBackend(app, address, new Uri(app.Urls.Single()).Port, names, open);
        return self;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
