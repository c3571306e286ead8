using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Proxy.Actors.Configuration.Validation;
using Proxy.Actors.Tls;
using Proxy.Node.Tests.Integration;
using Proxy.Node.Tls;

namespace Proxy.Node.Tests.Tls;

/// <summary>The first-byte peek of an entry point on a real Kestrel listener, its log captured.</summary>
public sealed class EntryPointListenerTests
{
    [Fact]
    public async Task Sniff_ClientResetsBeforeFirstByte_NoErrorLogged()
    {
        var logs = new CapturedLogs();
        var port = FreePort.Next();
        await using var app = await StartAsync(port, TimeSpan.FromSeconds(30), logs);

        for (var i = 0; i < 20; i++)
        {
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            await socket.ConnectAsync(IPAddress.Loopback, port);
            // Linger 0: close sends RST, so the server's pending first read fails with a reset.
            socket.LingerState = new LingerOption(true, 0);
            if (i % 2 == 0)
            {
                // Half of them once the peek is surely waiting, half at once.
                await Task.Delay(50);
            }

            socket.Close();
        }

        // A plain request after the resets: served, and it proves the listener went on.
        using var client = new HttpClient();
        Assert.Equal("ok", await client.GetStringAsync($"http://127.0.0.1:{port}/"));
        await app.StopAsync();

        Assert.Empty(logs.AtOrAbove(LogLevel.Error));
    }

    [Fact]
    public async Task Sniff_SilentClient_ClosedAfterFirstByteLimitAndOthersServed()
    {
        var port = FreePort.Next();
        await using var app = await StartAsync(port, TimeSpan.FromSeconds(2), new CapturedLogs());
        using var silent = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await silent.ConnectAsync(IPAddress.Loopback, port);
        var started = DateTime.UtcNow;

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var received = await silent.ReceiveAsync(new byte[16], SocketFlags.None, timeout.Token);
        var waited = DateTime.UtcNow - started;
        using var client = new HttpClient();

        Assert.Equal(0, received);
        Assert.InRange(waited, TimeSpan.FromSeconds(1.5), TimeSpan.FromSeconds(6));
        Assert.Equal("ok", await client.GetStringAsync($"http://127.0.0.1:{port}/"));
    }

    [Fact]
    public async Task Sniff_SilentClientWhenStopping_ClosedAtOnce()
    {
        var port = FreePort.Next();
        await using var app = await StartAsync(port, TimeSpan.FromSeconds(60), new CapturedLogs());
        using var silent = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await silent.ConnectAsync(IPAddress.Loopback, port);
        // The peek is waiting for the first byte.
        await Task.Delay(200);
        var started = DateTime.UtcNow;

        await app.StopAsync();

        Assert.InRange(DateTime.UtcNow - started, TimeSpan.Zero, TimeSpan.FromSeconds(5));
    }

    private static async Task<WebApplication> StartAsync(int port, TimeSpan firstByte, CapturedLogs logs)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Logging.AddProvider(logs);
        builder.Logging.SetMinimumLevel(LogLevel.Information);
        builder.Services.Configure<Microsoft.Extensions.Hosting.HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(20));
        var certificates = new CertificateCell(CertificateStore.Build(
            ValidatedTls.Empty, new CertificateFileReader(), TimeProvider.System, new GeneratedDefaultCertificate(TimeProvider.System)));
        var handshake = new TlsHandshake(certificates, new HandshakeOptionsCell(), NullLogger<TlsHandshake>.Instance, TimeProvider.System);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port, listen =>
            EntryPointListener.Configure(listen, "web", handshake, certificates, new EntryPointTlsTimeouts(firstByte, TimeSpan.FromSeconds(10)), TimeProvider.System)));
        var app = builder.Build();
        app.Run(context => context.Response.WriteAsync("ok"));
        await app.StartAsync();
        return app;
    }

    private sealed class CapturedLogs : ILoggerProvider
    {
        private readonly ConcurrentQueue<(LogLevel Level, string Category, string Message)> _entries = new();

        public IEnumerable<string> AtOrAbove(LogLevel level) =>
            _entries.Where(e => e.Level >= level).Select(e => $"{e.Level} {e.Category}: {e.Message}");

        public ILogger CreateLogger(string categoryName) => new Logger(categoryName, _entries);

        public void Dispose()
        {
        }

        private sealed class Logger(string category, ConcurrentQueue<(LogLevel, string, string)> entries) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                entries.Enqueue((logLevel, category, formatter(state, exception) + (exception is null ? "" : " " + exception)));
        }
    }
}
