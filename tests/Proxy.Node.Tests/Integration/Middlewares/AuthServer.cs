using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Proxy.Node.Tests.Integration.Https;

namespace Proxy.Node.Tests.Integration.Middlewares;

/// <summary>What the auth server received: the method, the headers and the body of one question, and the client certificate's subject over mTLS.</summary>
internal sealed record AuthQuestion(string Method, IReadOnlyDictionary<string, string> Headers, string Body, string? ClientCertificate = null);

/// <summary>
/// A real Kestrel auth server for forwardAuth, on its own loopback address. It decides by the X-Forwarded-Uri the
/// node sends: <c>/ok</c> lets in as alice (X-Auth-User, X-Auth-Role, two cookies), <c>/anonymous</c> lets in with
/// no header, <c>/login</c> redirects to its own relative /login, <c>/slow</c> answers after 3 s, anything else
/// is 403 with a body and a header of its own.
/// </summary>
internal sealed class AuthServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<AuthQuestion> _questions = new();

    private AuthServer(WebApplication app, string url)
    {
        _app = app;
        Url = url;
    }

    /// <summary>Where the node asks: http://127.0.0.x:port/verify.</summary>
    public string Url { get; }

    public IReadOnlyCollection<AuthQuestion> Questions => _questions;

    public AuthQuestion Last => _questions.Last();

    /// <param name="certificate">Serve HTTPS with this certificate (PEM files) instead of plain HTTP.</param>
    /// <param name="clientCa">With <paramref name="certificate"/>: require a client certificate that chains to this CA (mTLS).</param>
    public static async Task<AuthServer> StartAsync(int lastOctet, (string CertFile, string KeyFile)? certificate = null, X509Certificate2? clientCa = null)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Parse($"127.0.0.{lastOctet}"), 0, listen =>
        {
            if (certificate is not { } files)
            {
                return;
            }

            listen.UseHttps(https =>
            {
                https.ServerCertificate = X509Certificate2.CreateFromPemFile(files.CertFile, files.KeyFile);
                CaTrust.RequireClientCertificate(https, clientCa);
            });
        }));
        builder.WebHost.UseShutdownTimeout(TimeSpan.FromSeconds(2));
        var app = builder.Build();
        AuthServer? self = null;
        app.Run(context => self!.AnswerAsync(context));
        await app.StartAsync();
        var bound = new Uri(app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single());
        self = new AuthServer(app, $"{(certificate is null ? "http" : "https")}://{bound.Host}:{bound.Port}/verify");
        return self;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task AnswerAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body);
        var body = await reader.ReadToEndAsync(context.RequestAborted);
        _questions.Enqueue(new AuthQuestion(
            context.Request.Method,
            context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase),
            body,
            context.Connection.ClientCertificate?.Subject));
        var uri = context.Request.Headers["X-Forwarded-Uri"].ToString();
        var response = context.Response;
        if (uri.Contains("/ok", StringComparison.Ordinal) || uri.Contains("/upload", StringComparison.Ordinal))
        {
            response.Headers["X-Auth-User"] = "alice";
            response.Headers["X-Auth-Role"] = "admin";
            response.Headers["X-Not-Listed"] = "no";
            response.Headers.SetCookie = new(["auth-session=abc; Path=/", "auth-internal=1; Path=/"]);
            return;
        }

        if (uri.Contains("/anonymous", StringComparison.Ordinal))
        {
            return;
        }

        if (uri.Contains("/login", StringComparison.Ordinal))
        {
            response.StatusCode = 302;
            response.Headers.Location = "/login?rd=back";
            await response.WriteAsync("go login");
            return;
        }

        if (uri.Contains("/slow", StringComparison.Ordinal))
        {
            await Task.Delay(3000, context.RequestAborted);
            return;
        }

        response.StatusCode = 403;
        response.Headers["X-Reason"] = "not on the list";
        await response.WriteAsync("forbidden by the auth server");
    }
}
