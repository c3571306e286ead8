// The two ends of ops/bench/run.sh grpc, one program:
//   GrpcBench server --listen 127.0.0.4:18083
//     a Grpc.AspNetCore server of the tests' Echo service over h2c (HTTP/2 without TLS), answering Unary;
//   GrpcBench load --target https://localhost:18192 --duration 10 --warmup 2 --channels 4 --concurrency 100
//     unary calls, --concurrency of them in flight at all times spread over --channels channels (each its own
//     HTTP/2 connection), for --warmup seconds unmeasured and then --duration seconds; prints one line,
//     "calls_per_s p99_ms errors", the shape run.sh's wrk rows have. A call that fails or answers another text
//     than it sent is an error. The target's certificate is the bench's own, made for this run and checked by
//     run.sh (check_tls) before any load: the client does not check it again.
using System.Diagnostics;
using System.Globalization;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Proxy.Node.Tests.Integration.Grpc.Echo;

var role = args.FirstOrDefault();
var options = Options(args.Skip(1).ToArray());
return role switch
{
    "server" => await ServeAsync(options),
    "load" => await LoadAsync(options),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: GrpcBench server --listen ADDRESS:PORT | GrpcBench load --target URL [--duration S] [--warmup S] [--channels N] [--concurrency N]");
    return 2;
}

static Dictionary<string, string> Options(string[] args)
{
    var options = new Dictionary<string, string>(StringComparer.Ordinal);
    for (var i = 0; i + 1 < args.Length; i += 2)
    {
        options[args[i].TrimStart('-')] = args[i + 1];
    }

    return options;
}

static int Int(Dictionary<string, string> options, string name, int fallback) =>
    options.TryGetValue(name, out var value) ? int.Parse(value, CultureInfo.InvariantCulture) : fallback;

static async Task<int> ServeAsync(Dictionary<string, string> options)
{
    if (!options.TryGetValue("listen", out var listen) || !System.Net.IPEndPoint.TryParse(listen, out var endpoint))
    {
        return Usage();
    }

    var builder = WebApplication.CreateSlimBuilder();
    builder.Logging.SetMinimumLevel(LogLevel.Warning);
    builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(endpoint, o => o.Protocols = HttpProtocols.Http2));
    builder.Services.AddGrpc();
    var app = builder.Build();
    app.MapGrpcService<EchoServer>();
    await app.RunAsync();
    return 0;
}

static async Task<int> LoadAsync(Dictionary<string, string> options)
{
    if (!options.TryGetValue("target", out var target))
    {
        return Usage();
    }

    var duration = TimeSpan.FromSeconds(Int(options, "duration", 10));
    var warmup = TimeSpan.FromSeconds(Int(options, "warmup", 2));
    var channelCount = Int(options, "channels", 4);
    var concurrency = Int(options, "concurrency", 100);

    var channels = Enumerable.Range(0, channelCount).Select(_ => GrpcChannel.ForAddress(target, new GrpcChannelOptions
    {
        HttpHandler = new SocketsHttpHandler
        {
            UseProxy = false,
            // One connection per channel: the channels are the connections.
            EnableMultipleHttp2Connections = false,
            SslOptions = { RemoteCertificateValidationCallback = (_, _, _, _) => true },
        },
    })).ToArray();
    try
    {
        await RunAsync(channels, concurrency, warmup, measure: false);
        var (calls, errors, latencies) = await RunAsync(channels, concurrency, duration, measure: true);
        Array.Sort(latencies);
        var p99 = latencies.Length == 0 ? 0 : Stopwatch.GetElapsedTime(0, latencies[(int)Math.Min(latencies.Length - 1, Math.Ceiling(latencies.Length * 0.99) - 1)]).TotalMilliseconds;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{calls / duration.TotalSeconds:F0} {p99:F2} {errors}"));
        return 0;
    }
    finally
    {
        foreach (var channel in channels)
        {
            channel.Dispose();
        }
    }
}

// Every worker calls in a loop until the time is up; each keeps its own latencies, merged at the end.
static async Task<(long Calls, long Errors, long[] Latencies)> RunAsync(GrpcChannel[] channels, int concurrency, TimeSpan length, bool measure)
{
    var end = Stopwatch.GetTimestamp() + (long)(length.TotalSeconds * Stopwatch.Frequency);
    var workers = Enumerable.Range(0, concurrency).Select(i => Task.Run(async () =>
    {
        var client = new Echo.EchoClient(channels[i % channels.Length]);
        var latencies = new List<long>();
        long errors = 0;
        var text = "bench " + i.ToString(CultureInfo.InvariantCulture);
        while (Stopwatch.GetTimestamp() < end)
        {
            var started = Stopwatch.GetTimestamp();
            try
            {
                var reply = await client.UnaryAsync(new EchoRequest { Text = text }, deadline: DateTime.UtcNow.AddSeconds(10));
                if (reply.Text != text)
                {
                    errors++;
                }
            }
            catch (RpcException)
            {
                errors++;
            }

            if (measure)
            {
                latencies.Add(Stopwatch.GetTimestamp() - started);
            }
        }

        return (Errors: errors, Latencies: latencies);
    })).ToArray();
    var results = await Task.WhenAll(workers);
    var all = results.SelectMany(r => r.Latencies).ToArray();
    var errorCount = results.Sum(r => r.Errors);
    return (all.Length - errorCount, errorCount, all);
}

/// <summary>The server side of the bench: Unary only (the other methods of the tests' service answer Unimplemented).</summary>
internal sealed class EchoServer : Echo.EchoBase
{
    public override Task<EchoReply> Unary(EchoRequest request, ServerCallContext context) =>
        Task.FromResult(new EchoReply { Text = request.Text, Protocol = context.GetHttpContext().Request.Protocol });
}
