using Proxy.Node.Middlewares.Buffering;
using Xunit;

namespace Proxy.Node.Tests.Middlewares.Buffering;

public sealed class SpillBufferTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("spill-test-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string[] Files() => Directory.GetFiles(_directory);

    [Fact]
    public async Task WriteAsync_WithinMemoryLimit_NoFile()
    {
        await using var buffer = new SpillBuffer(memoryLimit: 100, maxLength: 0, _directory);

        await buffer.WriteAsync(new byte[100]);

        Assert.Null(buffer.FilePath);
        Assert.Empty(Files());
    }

    [Fact]
    public async Task WriteAsync_BeyondMemoryLimit_SpillsToOwnerOnlyFileRemovedOnDispose()
    {
        var body = Enumerable.Range(0, 1000).Select(i => (byte)i).ToArray();
        var buffer = new SpillBuffer(memoryLimit: 100, maxLength: 0, _directory);
        await buffer.WriteAsync(body.AsMemory(0, 60));
        await buffer.WriteAsync(body.AsMemory(60));

        var file = Assert.Single(Files());
        Assert.StartsWith(SpillBuffer.FilePrefix, Path.GetFileName(file));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
        }

        buffer.Position = 0;
        var read = new MemoryStream();
        await buffer.CopyToAsync(read);
        Assert.Equal(body, read.ToArray());

        await buffer.DisposeAsync();
        Assert.Empty(Files());
    }

    [Fact]
    public void Write_Synchronous_SpillsAndRemovedOnDispose()
    {
        var buffer = new SpillBuffer(memoryLimit: 0, maxLength: 0, _directory);
        buffer.Write([1, 2, 3]);
        Assert.Single(Files());

        buffer.Dispose();

        Assert.Empty(Files());
    }

    [Fact]
    public async Task WriteAsync_PastMaxLength_ThrowsOnceThenDrops()
    {
        await using var buffer = new SpillBuffer(memoryLimit: 10, maxLength: 20, _directory);
        await buffer.WriteAsync(new byte[20]);

        var error = await Assert.ThrowsAsync<BodyTooLargeException>(async () => await buffer.WriteAsync(new byte[1]));
        await buffer.WriteAsync(new byte[5]);

        Assert.Equal(20, error.Limit);
        Assert.True(buffer.Overflowed);
        Assert.Equal(20, buffer.Length);
    }

    [Fact]
    public async Task SetLength_Zero_EmptiesForAReplacementAnswer()
    {
        await using var buffer = new SpillBuffer(memoryLimit: 10, maxLength: 0, _directory);
        await buffer.WriteAsync(new byte[50]);

        buffer.SetLength(0);
        await buffer.WriteAsync(new byte[3]);

        Assert.Equal(3, buffer.Length);
    }
}
