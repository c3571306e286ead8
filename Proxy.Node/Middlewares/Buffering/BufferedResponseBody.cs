using System.IO.Pipelines;
using Microsoft.AspNetCore.Http.Features;

namespace Proxy.Node.Middlewares.Buffering;

/// <summary>
/// Stands in for the response body while the rest of the chain and the forwarding run: everything they
/// write lands in <see cref="Buffer"/>, and nothing reaches the client, so the response has not started
/// when they are done and the buffering middleware can still replace it (a 500 for a body too large).
/// </summary>
internal sealed class BufferedResponseBody(SpillBuffer buffer) : IHttpResponseBodyFeature
{
    private PipeWriter? _writer;

    public SpillBuffer Buffer => buffer;

    public Stream Stream => buffer;

    // Writes through the pipe (HttpResponse.WriteAsync uses it) land in the same buffer once flushed.
    public PipeWriter Writer => _writer ??= PipeWriter.Create(buffer, new StreamPipeWriterOptions(leaveOpen: true));

    public void DisableBuffering()
    {
    }

    public Task StartAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

    public Task SendFileAsync(string path, long offset, long? count, CancellationToken cancellationToken = default) =>
        SendFileFallback.SendFileAsync(buffer, path, offset, count, cancellationToken);

    public Task CompleteAsync() => FlushAsync();

    /// <summary>Pushes what the pipe holds into the buffer; called before the buffer is read.</summary>
    public async Task FlushAsync()
    {
        if (_writer is not null)
        {
            await _writer.FlushAsync().ConfigureAwait(false);
        }
    }
}
