using System.Net;

namespace Proxy.Node.Tests.Integration.Middlewares;

/// <summary>
/// A request body sent in two parts, chunked (no Content-Length): the first part, then a pause until the
/// test says go on (or the request is cancelled), then the rest. Lets a test look at the proxy while it
/// holds half a body.
/// </summary>
internal sealed class PausingContent(byte[] body, int firstPart, Func<Task> between) : HttpContent
{
    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
    {
        await stream.WriteAsync(body.AsMemory(0, firstPart));
        await stream.FlushAsync();
        await between();
        await stream.WriteAsync(body.AsMemory(firstPart));
    }

    protected override bool TryComputeLength(out long length)
    {
        length = 0;
        return false;
    }
}
