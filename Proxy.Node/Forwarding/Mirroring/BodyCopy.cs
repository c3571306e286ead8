using Microsoft.AspNetCore.Http;

namespace Proxy.Node.Forwarding.Mirroring;

/// <summary>A request body read for mirrors, the request left to be read again from its start.</summary>
internal static class BodyCopy
{
    /// <summary>The body, or null when it is over <paramref name="limit"/> bytes (what was read stays buffered for the forwarding).</summary>
    public static async Task<ReadOnlyMemory<byte>?> ReadAsync(HttpRequest request, long limit)
    {
        request.EnableBuffering();
        var copy = new MemoryStream();
        var buffer = new byte[16 * 1024];
        try
        {
            int read;
            while ((read = await request.Body.ReadAsync(buffer, request.HttpContext.RequestAborted).ConfigureAwait(false)) > 0)
            {
                if (copy.Length + read > limit)
                {
                    return null;
                }

                copy.Write(buffer, 0, read);
            }

            return copy.GetBuffer().AsMemory(0, (int)copy.Length);
        }
        finally
        {
            request.Body.Position = 0;
        }
    }
}
