using Microsoft.AspNetCore.Http;
using Proxy.Node.Forwarding.Mirroring;
using Xunit;

namespace Proxy.Node.Tests.Forwarding.Mirroring;

public sealed class BodyCopyTests
{
    /// <summary>
    /// The copy is the whole body up to the limit, and null (no copy) past it, never an empty one; either way the
    /// request's body then reads whole from its start.
    /// </summary>
    [Theory]
    [InlineData(0, 0, true)]
    [InlineData(0, 10, true)]
    [InlineData(1, 0, false)]
    [InlineData(1000, 1000, true)]
    [InlineData(1001, 1000, false)]
    [InlineData(40_000, 1000, false)]
    [InlineData(40_000, 40_000, true)]
    public async Task ReadAsync_BodyAtOrOverTheLimit_WholeBodyOrNullAndTheRequestReadsWhole(int size, long limit, bool copied)
    {
        var body = Enumerable.Range(0, size).Select(i => (byte)(i % 251)).ToArray();
        var context = new DefaultHttpContext();
        context.Request.Body = new MemoryStream(body);

        var copy = await BodyCopy.ReadAsync(context.Request, limit);

        Assert.Equal(copied, copy.HasValue);
        if (copy is { } bytes)
        {
            Assert.Equal(body, bytes.ToArray());
        }

        using var again = new MemoryStream();
        await context.Request.Body.CopyToAsync(again);
        Assert.Equal(body, again.ToArray());
    }
}
