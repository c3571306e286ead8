using Grpc.Core;
using Proxy.Node.Tests.Integration.Grpc.Echo;

namespace Proxy.Node.Tests.Integration.Grpc;

/// <summary>The backend's gRPC methods; see echo.proto for what each is for.</summary>
internal sealed class EchoService(GrpcBackend.BackendHolder holder) : Echo.Echo.EchoBase
{
    private GrpcBackend Backend => holder.Backend;

    public override Task<EchoReply> Unary(EchoRequest request, ServerCallContext context)
    {
        Backend.Called();
        if (request.Text.StartsWith("fail:", StringComparison.Ordinal))
        {
            context.ResponseTrailers.Add("x-backend", Backend.Name);
            throw new RpcException(new Status(StatusCode.InvalidArgument, request.Text["fail:".Length..]));
        }

        context.ResponseTrailers.Add("x-backend", Backend.Name);
        return Task.FromResult(Reply(request.Text, context));
    }

    public override async Task<EchoReply> Hang(EchoRequest request, ServerCallContext context)
    {
        Backend.Called();
        Backend.HangStarted.TrySetResult(context.Deadline);
        try
        {
            await Task.Delay(Timeout.InfiniteTimeSpan, context.CancellationToken);
        }
        catch (OperationCanceledException)
        {
            Backend.HangCancelled.TrySetResult();
            throw;
        }

        return Reply(request.Text, context);
    }

    public override async Task Countdown(EchoRequest request, IServerStreamWriter<EchoReply> responseStream, ServerCallContext context)
    {
        Backend.Called();
        for (var i = 3; i > 0; i--)
        {
            await responseStream.WriteAsync(Reply($"{request.Text} {i}", context), context.CancellationToken);
            if (i > 1)
            {
                await Backend.NextReply.WaitAsync(TimeSpan.FromSeconds(20), context.CancellationToken);
            }
        }
    }

    public override async Task<EchoReply> Collect(IAsyncStreamReader<EchoRequest> requestStream, ServerCallContext context)
    {
        Backend.Called();
        var texts = new List<string>();
        await foreach (var message in requestStream.ReadAllAsync(context.CancellationToken))
        {
            Backend.Collected.Enqueue(message.Text);
            if (message.Text == "abort")
            {
                // Gone mid-stream without an answer, after part of the body arrived.
                context.GetHttpContext().Abort();
                return new EchoReply();
            }

            texts.Add(message.Text);
        }

        return Reply(string.Join('+', texts), context);
    }

    public override async Task Chat(IAsyncStreamReader<EchoRequest> requestStream, IServerStreamWriter<EchoReply> responseStream, ServerCallContext context)
    {
        Backend.Called();
        await foreach (var message in requestStream.ReadAllAsync(context.CancellationToken))
        {
            await responseStream.WriteAsync(Reply($"re: {message.Text}", context), context.CancellationToken);
        }
    }

    private EchoReply Reply(string text, ServerCallContext context)
    {
        var http = context.GetHttpContext();
        return new EchoReply
        {
            Text = text,
            Te = http.Request.Headers.TE.ToString(),
            Protocol = http.Request.Protocol,
            Backend = Backend.Name,
        };
    }
}
