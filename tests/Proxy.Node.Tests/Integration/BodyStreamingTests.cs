using System.Security.Cryptography;

namespace Proxy.Node.Tests.Integration;

[Collection(IntegrationCollection.Name)]
public sealed class BodyStreamingTests
{
    [Theory]
    [InlineData(1 << 20)]
    [InlineData(16 << 20)]
    public async Task Download_LargeBody_ArrivesByteExact(int size)
    {
        await using var a = await TestBackend.StartAsync("a", 2);
        await using var node = await TestNode.StartAsync(Yaml.SingleRoute(Yaml.Servers(a.Url)), "app");

        using var response = await node.Client.GetAsync($"/big?size={size}", HttpCompletionOption.ResponseHeadersRead);
        response.EnsureSuccessStatusCode();
        await using var body = await response.Content.ReadAsStreamAsync();
        var buffer = new byte[64 * 1024];
        long offset = 0;
        int read;
        while ((read = await body.ReadAsync(buffer)) > 0)
        {
            for (var i = 0; i < read; i++)
            {
                if (buffer[i] != TestBackend.Pattern(offset + i))
                {
                    Assert.Fail($"byte {offset + i} differs");
                }
            }

            offset += read;
        }

        Assert.Equal(size, offset);
    }

    [Theory]
    [InlineData(1 << 20)]
    [InlineData(16 << 20)]
    public async Task Upload_LargeBody_BackendHashMatches(int size)
    {
        await using var a = await TestBackend.StartAsync("a", 2);
        await using var node = await TestNode.StartAsync(Yaml.SingleRoute(Yaml.Servers(a.Url)), "app");
        var data = new byte[size];
        new Random(size).NextBytes(data);
        var expected = $"{size}:{Convert.ToHexString(SHA256.HashData(data))}";

        using var response = await node.Client.PostAsync("/upload", new ByteArrayContent(data));

        response.EnsureSuccessStatusCode();
        Assert.Equal(expected, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Upload_ChunkedBodyThroughRetryMiddleware_BackendHashMatches()
    {
        await using var a = await TestBackend.StartAsync("a", 2);
        await using var node = await TestNode.StartAsync(Yaml.SingleRoute(Yaml.Servers(a.Url), Yaml.Retry3, "retry"), "app");
        var data = new byte[1 << 20];
        new Random(7).NextBytes(data);
        var expected = $"{data.Length}:{Convert.ToHexString(SHA256.HashData(data))}";

        // A stream of unknown length goes out chunked: the retry middleware cannot buffer it up front.
        using var content = new StreamContent(new NonSeekableStream(data));
        using var response = await node.Client.PostAsync("/upload", content);

        response.EnsureSuccessStatusCode();
        Assert.Equal(expected, await response.Content.ReadAsStringAsync());
    }

    private sealed class NonSeekableStream(byte[] data) : MemoryStream(data)
    {
        public override bool CanSeek => false;
    }
}
