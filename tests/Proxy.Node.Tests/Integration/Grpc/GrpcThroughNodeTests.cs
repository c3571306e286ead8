using System.Text.Json;
using Grpc.Core;
using Grpc.Net.Client;
using Proxy.Node.Tests.Integration.Grpc.Echo;
using Proxy.Node.Tests.Integration.Https;

namespace Proxy.Node.Tests.Integration.Grpc;

/// <summary>
/// gRPC through a real node: a Grpc.Net.Client client over TLS (HTTP/2 by ALPN) to the node's entry point, and a
/// Grpc.AspNetCore server behind it listed as an h2c server. Every kind of call, trailers, errors, deadlines and
/// cancellation must cross the node as they would cross no proxy at all.
/// </summary>
[Collection(IntegrationCollection.Name)]
public sealed class GrpcThroughNodeTests
{
    private const string Host = GrpcNode.Host;

    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private static Echo.Echo.EchoClient Client(GrpcChannel channel) => new(channel);

    [Fact]
    public async Task Unary_OverTls_ReachesH2cServerWithTeTrailersAndTrailersComeBack()
    {
        await using var grpc = await GrpcNode.StartAsync();

        using var call = grpc.Client.UnaryAsync(new EchoRequest { Text = "hello" });
        var reply = await call.ResponseAsync.WaitAsync(Patience);

        Assert.Equal("hello", reply.Text);
        Assert.Equal("b1", reply.Backend);
        Assert.Equal("HTTP/2", reply.Protocol);
        Assert.Equal("trailers", reply.Te);
        Assert.Equal(StatusCode.OK, call.GetStatus().StatusCode);
        Assert.Equal("b1", call.GetTrailers().GetValue("x-backend"));
    }

    [Fact]
    public async Task ServerStreaming_OverTls_EachReplyArrivesWhenWritten()
    {
        await using var grpc = await GrpcNode.StartAsync();
        using var timeout = new CancellationTokenSource(Patience);

        using var call = grpc.Client.Countdown(new EchoRequest { Text = "t" }, cancellationToken: timeout.Token);
        var replies = call.ResponseStream;
        var seen = new List<string>();
        // The server writes the next reply only once the client has the one before: held anywhere, none would come.
        for (var i = 0; i < 3; i++)
        {
            Assert.True(await replies.MoveNext(timeout.Token), $"reply {i + 1} did not arrive");
            seen.Add(replies.Current.Text);
            grpc.Backend.NextReply.Release();
        }

        Assert.False(await replies.MoveNext(timeout.Token));
        Assert.Equal(["t 3", "t 2", "t 1"], seen);
        Assert.Equal(StatusCode.OK, call.GetStatus().StatusCode);
    }

    [Fact]
    public async Task ClientStreaming_OverTls_EachMessageArrivesWhenSent()
    {
        await using var grpc = await GrpcNode.StartAsync();
        using var timeout = new CancellationTokenSource(Patience);

        using var call = grpc.Client.Collect(cancellationToken: timeout.Token);
        foreach (var text in new[] { "a", "b", "c" })
        {
            await call.RequestStream.WriteAsync(new EchoRequest { Text = text }, timeout.Token);
            // The stream is still open: the message reached the server on its own, not with the end of the body.
            await Eventually.TrueAsync(() => grpc.Backend.Collected.Contains(text), $"message {text} to reach the server before the stream ends");
        }

        await call.RequestStream.CompleteAsync();
        var reply = await call.ResponseAsync.WaitAsync(Patience);

        Assert.Equal("a+b+c", reply.Text);
        Assert.Equal(StatusCode.OK, call.GetStatus().StatusCode);
    }

    [Fact]
    public async Task BidirectionalStreaming_OverTls_RepliesInterleaveWithRequests()
    {
        await using var grpc = await GrpcNode.StartAsync();
        using var timeout = new CancellationTokenSource(Patience);

        using var call = grpc.Client.Chat(cancellationToken: timeout.Token);
        // Ping-pong: each message waits for the reply to the one before, so any buffering in either direction stalls it.
        for (var i = 1; i <= 3; i++)
        {
            await call.RequestStream.WriteAsync(new EchoRequest { Text = $"m{i}" }, timeout.Token);
            Assert.True(await call.ResponseStream.MoveNext(timeout.Token), $"no reply to m{i}");
            Assert.Equal($"re: m{i}", call.ResponseStream.Current.Text);
        }

        await call.RequestStream.CompleteAsync();
        Assert.False(await call.ResponseStream.MoveNext(timeout.Token));
        Assert.Equal(StatusCode.OK, call.GetStatus().StatusCode);
    }

    [Fact]
    public async Task Unary_ServerFails_StatusAndMessageReachClient()
    {
        await using var grpc = await GrpcNode.StartAsync();

        using var call = grpc.Client.UnaryAsync(new EchoRequest { Text = "fail:no such user: ümlaut" });
        var error = await Assert.ThrowsAsync<RpcException>(() => call.ResponseAsync.WaitAsync(Patience));

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Equal("no such user: ümlaut", error.Status.Detail);
        Assert.Equal("b1", error.Trailers.GetValue("x-backend"));
    }

    [Fact]
    public async Task Unary_DeadlinePasses_DeadlineExceededAndServerKnewTheDeadline()
    {
        await using var grpc = await GrpcNode.StartAsync();
        // Connections first (TLS to the node, h2c to the backend): on a loaded machine they could take
        // the 2 s before the call reaches the server, which must see the call to show the deadline crossed.
        await grpc.Client.UnaryAsync(new EchoRequest { Text = "warm" }).ResponseAsync.WaitAsync(Patience);

        var deadline = DateTime.UtcNow.AddSeconds(2);
        using var call = grpc.Client.HangAsync(new EchoRequest { Text = "wait" }, deadline: deadline);
        var error = await Assert.ThrowsAsync<RpcException>(() => call.ResponseAsync.WaitAsync(Patience));
        var serverDeadline = await grpc.Backend.HangStarted.Task.WaitAsync(Patience);

        Assert.Equal(StatusCode.DeadlineExceeded, error.StatusCode);
        // grpc-timeout crossed the node: the server's deadline is the client's, give or take the header's rounding.
        Assert.InRange(serverDeadline, deadline.AddSeconds(-2), deadline.AddSeconds(2));
        await grpc.Backend.HangCancelled.Task.WaitAsync(Patience);
    }

    [Fact]
    public async Task Unary_ClientCancels_CancellationReachesServer()
    {
        await using var grpc = await GrpcNode.StartAsync();
        using var cancel = new CancellationTokenSource();

        using var call = grpc.Client.HangAsync(new EchoRequest { Text = "wait" }, cancellationToken: cancel.Token);
        var serverDeadline = await grpc.Backend.HangStarted.Task.WaitAsync(Patience);
        await cancel.CancelAsync();
        var error = await Assert.ThrowsAsync<RpcException>(() => call.ResponseAsync.WaitAsync(Patience));

        Assert.Equal(StatusCode.Cancelled, error.StatusCode);
        Assert.Equal(DateTime.MaxValue, serverDeadline);
        // The server's call is cancelled too, not left hanging until some timeout of the node's.
        await grpc.Backend.HangCancelled.Task.WaitAsync(Patience);
    }

    [Fact]
    public async Task ClientStreaming_RetryAndServerResetsMidBody_BodyNotReplayedOnAnotherServer()
    {
        using var lab = new HttpsLab();
        await using var first = await GrpcBackend.StartAsync("b1");
        await using var second = await GrpcBackend.StartAsync("b2");
        const string retry = "  middlewares:\n    retry:\n      retry:\n        attempts: 3\n        initialInterval: 10ms\n        retryNonIdempotent: true\n";
        await using var node = await GrpcNode.StartNodeAsync(
            lab, GrpcNode.Config(lab, Yaml.Servers(first.Url, second.Url), routerExtra: "      middlewares: [retry]\n", middlewares: retry));
        using var channel = GrpcClient.Tls(Host, node.WebPort, lab.Ca);
        using var timeout = new CancellationTokenSource(Patience);

        using var call = Client(channel).Collect(cancellationToken: timeout.Token);
        await call.RequestStream.WriteAsync(new EchoRequest { Text = "a" }, timeout.Token);
        await Eventually.TrueAsync(() => first.Collected.Contains("a") || second.Collected.Contains("a"), "the first message to reach a server");
        // Whichever server got the call resets it: what it read cannot be sent again, so no other server may be asked.
        await call.RequestStream.WriteAsync(new EchoRequest { Text = "abort" }, timeout.Token);
        var error = await Assert.ThrowsAsync<RpcException>(async () =>
        {
            await call.RequestStream.CompleteAsync();
            await call.ResponseAsync.WaitAsync(Patience);
        });

        Assert.NotEqual(StatusCode.OK, error.StatusCode);
        Assert.Equal(1, first.Calls + second.Calls);
    }

    [Fact]
    public async Task HealthCheck_H2cServer_ProbedInH2cAndServed()
    {
        using var lab = new HttpsLab();
        await using var backend = await GrpcBackend.StartAsync("b1");
        const string check = "        healthCheck:\n          path: /health\n          interval: 100ms\n          timeout: 2s\n          initialState: down\n";
        await using var node = await GrpcNode.StartNodeAsync(lab, GrpcNode.Config(lab, Yaml.Servers(backend.Url), loadBalancerExtra: check));
        using var channel = GrpcClient.Tls(Host, node.WebPort, lab.Ca);

        // Down until a probe passes; the backend answers /health only over HTTP/2.
        await Eventually.TrueAsync(async () => await node.ServerStatusAsync("grpc", backend.Url) == "UP", "the h2c server's health check to pass");
        var reply = await Client(channel).UnaryAsync(new EchoRequest { Text = "up" }).ResponseAsync.WaitAsync(Patience);

        Assert.Equal("up", reply.Text);
    }

    [Fact]
    public async Task AccessLogAndMetrics_GrpcCalls_Status200WithTheH2cServer()
    {
        using var lab = new HttpsLab();
        await using var backend = await GrpcBackend.StartAsync("b1");
        var path = Path.Combine(lab.Directory, "access.log");
        double counted;
        await using (var node = await GrpcNode.StartNodeAsync(
            lab, GrpcNode.Config(lab, Yaml.Servers(backend.Url)), "--accesslog=true", $"--accesslog.filepath={path}", "--accesslog.format=json", "--metrics.prometheus=true"))
        {
            using var channel = GrpcClient.Tls(Host, node.WebPort, lab.Ca);
            await Client(channel).UnaryAsync(new EchoRequest { Text = "ok" }).ResponseAsync.WaitAsync(Patience);
            await Assert.ThrowsAsync<RpcException>(() => Client(channel).UnaryAsync(new EchoRequest { Text = "fail:x" }).ResponseAsync.WaitAsync(Patience));
            // The counter moves once the call has ended on the node, which may be after the client has its trailers.
            counted = 0;
            await Eventually.TrueAsync(async () =>
            {
                counted = Observability.PrometheusText.Value(
                    await node.Api.GetStringAsync("/metrics"), "proxy_service_requests_total", ("service", "grpc@file"), ("code", "200"));
                return counted >= 2;
            }, "both gRPC calls counted");
        }

        Assert.Equal(2, counted);

        var lines = (await File.ReadAllLinesAsync(path)).Select(l => JsonDocument.Parse(l).RootElement).ToArray();

        // As Traefik logs gRPC: the HTTP status is 200 either way, the gRPC status travels in the trailers.
        Assert.Equal(2, lines.Length);
        Assert.All(lines, line =>
        {
            Assert.Equal("/proxy.tests.echo.Echo/Unary", line.GetProperty("RequestPath").GetString());
            Assert.Equal("HTTP/2", line.GetProperty("RequestProtocol").GetString());
            Assert.Equal(200, line.GetProperty("DownstreamStatus").GetInt32());
            Assert.Equal(200, line.GetProperty("OriginStatus").GetInt32());
            Assert.Equal(backend.Url, line.GetProperty("ServiceURL").GetString());
        });
    }
}
