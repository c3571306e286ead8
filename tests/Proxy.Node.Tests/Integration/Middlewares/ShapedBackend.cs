using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Proxy.Node.Tests.Integration.Middlewares;

/// <summary>
/// A real Kestrel server whose responses have the shapes compress and contentType must tell apart, which nginx
/// cannot easily give: a stream that pauses until the test releases it, SSE, a range, an encoded body, no
/// Content-Type, 204 and 304.
/// </summary>
internal sealed class ShapedBackend : IAsyncDisposable
{
    /// <summary>64 KiB of text, as nginx's /text.txt.</summary>
    public static readonly byte[] Text = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("the quick brown fox jumps over the lazy dog, again and again, 0123456789\n", 1024)))[..65536];

    private readonly WebApplication _app;
    private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ShapedBackend(WebApplication app, string url)
    {
        _app = app;
        Url = url;
    }

    public string Url { get; }

    /// <summary>Lets /stream write its second part and end.</summary>
    public void Release() => _release.TrySetResult();

    public static async Task<ShapedBackend> StartAsync(int lastOctet)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Parse($"127.0.0.{lastOctet}"), 0));
        var app = builder.Build();
        ShapedBackend? self = null;
        app.Run(context => self!.HandleAsync(context));
        await app.StartAsync();
        var bound = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        self = new ShapedBackend(app, bound);
        return self;
    }

    public async ValueTask DisposeAsync()
    {
        _release.TrySetResult();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    /// <summary>All of <see cref="Text"/> with its length given, as a file server sends it.</summary>
    private static Task WholeTextAsync(HttpResponse response, string contentType)
    {
        response.ContentType = contentType;
        response.ContentLength = Text.Length;
        return response.Body.WriteAsync(Text).AsTask();
    }

    private async Task HandleAsync(HttpContext context)
    {
        var response = context.Response;
        switch (context.Request.Path.Value)
        {
            case "/text":
                await WholeTextAsync(response, "text/plain");
                return;
            case "/chunked":
                response.ContentType = "text/plain";
                for (var i = 0; i < Text.Length; i += 700)
                {
                    await response.Body.WriteAsync(Text.AsMemory(i, Math.Min(700, Text.Length - i)));
                }

                return;
            case "/small":
                response.ContentType = "text/plain";
                await response.Body.WriteAsync(Text.AsMemory(0, 100));
                return;
            case "/json":
                await WholeTextAsync(response, "application/json");
                return;
            case "/stream":
                // A long poll or a chunked feed: a first part, then nothing until the test releases it.
                response.ContentType = "text/plain";
                await response.Body.WriteAsync("event one\n"u8.ToArray());
                await response.Body.FlushAsync();
                await _release.Task.WaitAsync(TimeSpan.FromSeconds(10));
                await response.Body.WriteAsync("event two\n"u8.ToArray());
                return;
            case "/sse":
                await WholeTextAsync(response, "text/event-stream");
                return;
            case "/range":
                response.StatusCode = StatusCodes.Status206PartialContent;
                response.Headers.ContentRange = $"bytes 0-{Text.Length - 1}/{Text.Length * 2}";
                await WholeTextAsync(response, "text/plain");
                return;
            case "/encoded":
                response.Headers.ContentEncoding = "x-custom";
                await WholeTextAsync(response, "text/plain");
                return;
            case "/etag":
                response.Headers.ETag = "\"v1\"";
                await WholeTextAsync(response, "text/plain");
                return;
            case "/notype":
                await response.Body.WriteAsync("<html><body>no type given</body></html>"u8.ToArray());
                return;
            case "/plain":
                await response.WriteAsync("plain");
                return;
            case "/empty":
                response.StatusCode = StatusCodes.Status204NoContent;
                return;
            case "/notmodified":
                response.StatusCode = StatusCodes.Status304NotModified;
                return;
            default:
                response.StatusCode = 404;
                return;
        }
    }
}
