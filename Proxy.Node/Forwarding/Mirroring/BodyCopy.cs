using Microsoft.AspNetCore.Http;

namespace Proxy.Node.Forwarding.Mirroring;

/// <summary>A request body read for mirrors, the request left to be read again from its start.</summary>
internal static class BodyCopy
{
    /// <summary>
    /// The body, or null when it is over <paramref name="limit"/> bytes. At most <paramref name="limit"/> + 1 bytes
    /// are read: they go ahead of the rest of the body, which the forwarding reads from the client as it comes.
    /// </summary>
    public static async Task<ReadOnlyMemory<byte>?> ReadAsync(HttpRequest request, long limit)
    {
        var body = request.Body;
        var copy = new MemoryStream();
        var buffer = new byte[16 * 1024];
        try
        {
            int read;
            while (copy.Length <= limit
                && (read = await body.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, limit + 1 - copy.Length)), request.HttpContext.RequestAborted).ConfigureAwait(false)) > 0)
            {
                copy.Write(buffer, 0, read);
            }
        }
        finally
        {
            request.Body = new PrefixedStream(copy.GetBuffer().AsMemory(0, (int)copy.Length), body);
        }

        // Typed: a bare null beside a Memory<byte> would become that type's empty memory (through its implicit
        // conversion from an array), and a body over the limit a copy with no body.
        return copy.Length > limit ? (ReadOnlyMemory<byte>?)null : copy.GetBuffer().AsMemory(0, (int)copy.Length);
    }
}
