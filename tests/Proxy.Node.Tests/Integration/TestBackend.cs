using System.Collections.Concurrent;
using System.Net;
using System.Net.WebSockets;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Proxy.Node.Tests.Integration;

/// <summary>What a backend saw of one request, so tests can check what the proxy sent.</summary>
public sealed record ReceivedRequest(string Method, string Path, string Host, IReadOnlyDictionary<string, string> Headers)
{
    /// <summary>The request target as it arrived on the wire, before Kestrel decoded anything.</summary>
    public string RawTarget { get; init; } = "";
}

/// <summary>
/// A real Kestrel server on a loopback address of its own (127.0.0.2, 127.0.0.3, ...) and a port
/// the OS picks. It answers with its name, so tests see which backend served a request, and has
/// the endpoints the scenarios need: bodies both ways, a WebSocket echo, a slow answer and a
/// health endpoint that can be flipped.
/// </summary>
public sealed class TestBackend : IAsyncDisposable
{
    public const string NameHeader = "X-Backend";

    /// <summary>The length of each piece <c>/pieces</c> writes.</summary>
    public const int PieceLength = 12;

    private readonly WebApplication _app;
    private readonly ConcurrentQueue<ReceivedRequest> _received = new();
    private readonly ConcurrentQueue<long> _pieceWrites = new();
    private int _requests;
    private int _healthProbes;
    private readonly ConcurrentQueue<string> _uploads = new();
    private volatile bool _healthy = true;
    private long _responseDelayTicks;
    private volatile int _failWith;
    private volatile bool _hangs;
    private volatile bool _abortsUploads;
    private int _uploadsAborted;
    private bool _stopped;

    private TestBackend(string name, WebApplication app, IPAddress address, int port)
    {
        Name = name;
        _app = app;
        Address = address;
        Port = port;
    }

    public string Name { get; }

    public IPAddress Address { get; }

    public int Port { get; }

    public string Url => $"http://{Address}:{Port}";

    /// <summary>Requests other than health probes.</summary>
    public int Requests => Volatile.Read(ref _requests);

    public int HealthProbes => Volatile.Read(ref _healthProbes);

    public IReadOnlyCollection<ReceivedRequest> Received => _received;

    /// <summary>When each piece of the last <c>/pieces</c> answer was written (<see cref="System.Diagnostics.Stopwatch"/> timestamps).</summary>
    public IReadOnlyList<long> PieceWrites => [.. _pieceWrites];

    /// <summary>What each <c>/upload</c> received, as it answers it (<c>length:sha256</c>).</summary>
    public IReadOnlyCollection<string> Uploads => _uploads;

    /// <summary>When not 0, every request other than a health probe is counted and answered with this status.</summary>
    public int FailWith
    {
        get => _failWith;
        set => _failWith = value;
    }

    /// <summary>When true, every request other than a health probe is counted and never answered (until the client gives up).</summary>
    public bool Hangs
    {
        get => _hangs;
        set => _hangs = value;
    }

    /// <summary>When true, every <c>/upload</c> reads the whole body and then drops the connection without an answer: a server that dies while handling it.</summary>
    public bool AbortsUploads
    {
        get => _abortsUploads;
        set => _abortsUploads = value;
    }

    /// <summary>The <c>/upload</c>s dropped by <see cref="AbortsUploads"/>.</summary>
    public int UploadsAborted => Volatile.Read(ref _uploadsAborted);

    public bool Healthy
    {
        get => _healthy;
        set => _healthy = value;
    }

    /// <summary>How long every plain request (not /health, not the named endpoints) waits before its answer: a slow or stuck server.</summary>
    public TimeSpan ResponseDelay
    {
        get => TimeSpan.FromTicks(Volatile.Read(ref _responseDelayTicks));
        set => Volatile.Write(ref _responseDelayTicks, value.Ticks);
    }

    public void ResetCounts()
    {
        Interlocked.Exchange(ref _requests, 0);
        _received.Clear();
        _uploads.Clear();
    }

    /// <summary>What this backend received, and nothing else, for a GET of <paramref name="target"/> through <paramref name="client"/> answered 200.</summary>
    public async Task<ReceivedRequest> ReceivedForAsync(HttpClient client, string target)
    {
        ResetCounts();
        using var response = await client.GetAsync(target);
        Xunit.Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return Xunit.Assert.Single(Received);
    }

    /// <summary>Starts a backend on 127.0.0.<paramref name="lastOctet"/>, port 0.</summary>
    public static async Task<TestBackend> StartAsync(string name, int lastOctet)
    {
        var address = IPAddress.Parse($"127.0.0.{lastOctet}");
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Listen(address, 0);
            k.Limits.MaxRequestBodySize = null;
        });
        builder.WebHost.UseShutdownTimeout(TimeSpan.FromSeconds(5));
        var app = builder.Build();
        TestBackend? self = null;
        app.UseWebSockets();
        app.Run(context => self!.HandleAsync(context));
        await app.StartAsync().ConfigureAwait(false);
        var bound = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        self = new TestBackend(name, app, address, new Uri(bound).Port);
        return self;
    }

    /// <summary>Deterministic content for a body of <paramref name="size"/> bytes, shared with the tests.</summary>
    public static byte Pattern(long index) => (byte)(index % 251);

    /// <summary>Piece <paramref name="index"/> of a <c>/pieces</c> answer: a server-sent event, "data: 0007\n\n".</summary>
    public static byte[] Piece(int index) => System.Text.Encoding.ASCII.GetBytes($"data: {index:D4}\n\n");

    public async Task StopAsync()
    {
        if (_stopped)
        {
            return;
        }

        _stopped = true;
        await _app.StopAsync().ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        if (request.Path == "/health")
        {
            Interlocked.Increment(ref _healthProbes);
            context.Response.StatusCode = _healthy ? 200 : 500;
            await context.Response.WriteAsync(_healthy ? "healthy" : "unhealthy").ConfigureAwait(false);
            return;
        }

        Interlocked.Increment(ref _requests);
        _received.Enqueue(new ReceivedRequest(
            request.Method,
            request.Path.Value + request.QueryString.Value,
            // As sent: HttpRequest.Host decodes punycode, and throws on an invalid label.
            request.Headers.Host.ToString(),
            request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase))
        {
            RawTarget = context.Features.GetRequiredFeature<IHttpRequestFeature>().RawTarget,
        });
        context.Response.Headers[NameHeader] = Name;
        if (_hangs)
        {
            await Task.Delay(Timeout.Infinite, context.RequestAborted).ConfigureAwait(false);
        }

        if (_failWith != 0)
        {
            context.Response.StatusCode = _failWith;
            return;
        }

        switch (request.Path.Value)
        {
            case "/ws" when context.WebSockets.IsWebSocketRequest:
                await EchoWebSocketAsync(context).ConfigureAwait(false);
                return;
            case "/big":
                await WriteBigAsync(
                    context,
                    long.Parse(request.Query["size"].ToString(), System.Globalization.CultureInfo.InvariantCulture),
                    chunked: request.Query.ContainsKey("chunked"),
                    abortAfter: request.Query.TryGetValue("abortAfter", out var after) ? long.Parse(after.ToString(), System.Globalization.CultureInfo.InvariantCulture) : null).ConfigureAwait(false);
                return;
            case "/pieces":
                await WritePiecesAsync(
                    context,
                    [.. request.Query["gapsMs"].ToString().Split(',').Select(g => int.Parse(g, System.Globalization.CultureInfo.InvariantCulture))],
                    eventStream: request.Query.ContainsKey("sse"),
                    sized: !request.Query.ContainsKey("sse") || request.Query.ContainsKey("sized")).ConfigureAwait(false);
                return;
            case "/upload" when _abortsUploads:
                await context.Request.Body.CopyToAsync(Stream.Null, context.RequestAborted).ConfigureAwait(false);
                Interlocked.Increment(ref _uploadsAborted);
                context.Abort();
                return;
            case "/upload":
                _uploads.Enqueue(await HashUploadAsync(context).ConfigureAwait(false));
                return;
            case "/hop":
                // A header the server means for its hop to the proxy only (RFC 9110 section 7.6.1).
                context.Response.Headers.Connection = "X-Internal";
                context.Response.Headers["X-Internal"] = "secret";
                await context.Response.WriteAsync(Name).ConfigureAwait(false);
                return;
            case "/slow":
                var ms = int.Parse(request.Query["ms"].ToString(), System.Globalization.CultureInfo.InvariantCulture);
                await Task.Delay(ms, context.RequestAborted).ConfigureAwait(false);
                await context.Response.WriteAsync(Name).ConfigureAwait(false);
                return;
            default:
                if (ResponseDelay > TimeSpan.Zero)
                {
                    await Task.Delay(ResponseDelay, context.RequestAborted).ConfigureAwait(false);
                }

                await context.Response.WriteAsync(Name).ConfigureAwait(false);
                return;
        }
    }

    /// <param name="chunked">Without Content-Length: the body goes in chunks.</param>
    /// <param name="abortAfter">Dies once this many bytes are out, as a server that crashes mid-body.</param>
    private static async Task WriteBigAsync(HttpContext context, long size, bool chunked, long? abortAfter)
    {
        context.Response.ContentLength = chunked ? null : size;
        context.Response.ContentType = "application/octet-stream";
        var chunk = new byte[64 * 1024];
        for (long written = 0; written < size;)
        {
            var count = (int)Math.Min(chunk.Length, size - written);
            for (var i = 0; i < count; i++)
            {
                chunk[i] = Pattern(written + i);
            }

            await context.Response.Body.WriteAsync(chunk.AsMemory(0, count), context.RequestAborted).ConfigureAwait(false);
            written += count;
            if (written >= abortAfter)
            {
                await context.Response.Body.FlushAsync(context.RequestAborted).ConfigureAwait(false);
                context.Abort();
                return;
            }
        }
    }

    /// <summary>One piece of <see cref="PieceLength"/> bytes, then each gap and another piece: a body written slowly.</summary>
    /// <param name="eventStream">Server-sent events (text/event-stream); otherwise text/plain.</param>
    /// <param name="sized">With a Content-Length (<c>/pieces?sse&amp;sized</c> for events that have one too).</param>
    private async Task WritePiecesAsync(HttpContext context, int[] gapsMs, bool eventStream, bool sized)
    {
        _pieceWrites.Clear();
        var count = gapsMs.Length + 1;
        context.Response.ContentType = eventStream ? "text/event-stream; charset=utf-8" : "text/plain";
        context.Response.ContentLength = sized ? count * PieceLength : null;
        for (var i = 0; i < count; i++)
        {
            if (i > 0)
            {
                await Task.Delay(gapsMs[i - 1], context.RequestAborted).ConfigureAwait(false);
            }

            // Noted before the write, so that no piece can seem to arrive before it was written.
            _pieceWrites.Enqueue(System.Diagnostics.Stopwatch.GetTimestamp());
            await context.Response.Body.WriteAsync(Piece(i), context.RequestAborted).ConfigureAwait(false);
            await context.Response.Body.FlushAsync(context.RequestAborted).ConfigureAwait(false);
        }
    }

    private static async Task<string> HashUploadAsync(HttpContext context)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[64 * 1024];
        long length = 0;
        int read;
        while ((read = await context.Request.Body.ReadAsync(buffer, context.RequestAborted).ConfigureAwait(false)) > 0)
        {
            sha.AppendData(buffer, 0, read);
            length += read;
        }

        var answer = $"{length}:{Convert.ToHexString(sha.GetHashAndReset())}";
        await context.Response.WriteAsync(answer).ConfigureAwait(false);
        return answer;
    }

    private static async Task EchoWebSocketAsync(HttpContext context)
    {
        using var socket = await context.WebSockets.AcceptWebSocketAsync().ConfigureAwait(false);
        var buffer = new byte[16 * 1024];
        while (true)
        {
            var result = await socket.ReceiveAsync(buffer, context.RequestAborted).ConfigureAwait(false);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "bye", context.RequestAborted).ConfigureAwait(false);
                return;
            }

            await socket.SendAsync(buffer.AsMemory(0, result.Count), result.MessageType, result.EndOfMessage, context.RequestAborted).ConfigureAwait(false);
        }
    }
}
