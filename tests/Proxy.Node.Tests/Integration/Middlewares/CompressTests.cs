using System.IO.Compression;
using System.Net;
using System.Text;
using System.Text.Json;
using Proxy.Node.Tests.Integration.Docker;

namespace Proxy.Node.Tests.Integration.Middlewares;

/// <summary>compress through real nodes: the encodings, what is never compressed, streaming, the access log, bad values.</summary>
[Collection(IntegrationCollection.Name)]
public sealed class CompressTests
{
    private static string Config(string backendUrl, string compress = "    compress:\n      compress: {}\n") =>
        "http:\n"
        + "  routers:\n"
        + "    app:\n"
        + "      rule: \"PathPrefix(`/`)\"\n"
        + "      service: app\n"
        + "      middlewares: [compress]\n"
        + "    plain:\n"
        + "      rule: \"PathPrefix(`/plain`)\"\n"
        + "      service: app\n"
        + "  services:\n"
        + "    app:\n"
        + "      loadBalancer:\n"
        + Yaml.Servers(backendUrl)
        + "  middlewares:\n"
        + compress;

    [DockerFact(Timeout = 240_000)]
    public Task Compress_FromLabelsAndFromYaml_SameEncodings() =>
        BothProviders.CheckAsync(
            "compress:\n  encodings: [gzip, br]\n  minResponseBodyBytes: 2048\n",
            ["compress.encodings=gzip,br", "compress.minresponsebodybytes=2048"],
            async target =>
            {
                using var gzip = await GetAsync(target, "/text.txt", "gzip, zstd");
                Assert.Equal(["gzip"], gzip.Content.Headers.ContentEncoding);
                Assert.Contains("Accept-Encoding", gzip.Headers.Vary);
                Assert.True(gzip.Headers.TransferEncodingChunked, "the encoded body's length is not the server's: no Content-Length");
                Assert.Equal(65536, Decode("gzip", await gzip.Content.ReadAsByteArrayAsync()).Length);

                using var br = await GetAsync(target, "/text.txt", "gzip;q=0.5, br");
                Assert.Equal(["br"], br.Content.Headers.ContentEncoding);
                Assert.Equal(65536, Decode("br", await br.Content.ReadAsByteArrayAsync()).Length);

                // zstd is not among this middleware's encodings; and the echo's short body is under 2048 bytes.
                using var zstd = await GetAsync(target, "/text.txt", "zstd");
                Assert.Empty(zstd.Content.Headers.ContentEncoding);
                Assert.Equal(65536, zstd.Content.Headers.ContentLength);
                using var small = await GetAsync(target, "/echo", "gzip");
                Assert.Empty(small.Content.Headers.ContentEncoding);
            });

    [Theory(Timeout = 120_000)]
    [InlineData("gzip", "/text")]
    [InlineData("br", "/text")]
    [InlineData("zstd", "/text")]
    [InlineData("gzip", "/chunked")]
    [InlineData("zstd", "/chunked")]
    public async Task Compress_EachEncoding_ClientDecodesTheServersBody(string encoding, string path)
    {
        await using var backend = await ShapedBackend.StartAsync(2);
        await using var node = await TestNode.StartAsync(Config(backend.Url), "app");

        using var response = await Send(node, HttpMethod.Get, path, encoding);

        Assert.Equal([encoding], response.Content.Headers.ContentEncoding);
        Assert.Contains("Accept-Encoding", response.Headers.Vary);
        var raw = await response.Content.ReadAsByteArrayAsync();
        Assert.True(raw.Length < ShapedBackend.Text.Length / 4, $"{raw.Length} bytes for 64 KiB of text");
        Assert.Equal(ShapedBackend.Text, Decode(encoding, raw));
    }

    [Theory(Timeout = 120_000)]
    [InlineData("/sse", "an SSE stream")]
    [InlineData("/range", "a range")]
    [InlineData("/encoded", "a body already encoded")]
    [InlineData("/small", "a body under the minimum")]
    [InlineData("/empty", "a 204")]
    [InlineData("/notmodified", "a 304")]
    public async Task Compress_ResponseThatMustStayAsItIs_NotEncoded(string path, string what)
    {
        await using var backend = await ShapedBackend.StartAsync(2);
        await using var node = await TestNode.StartAsync(Config(backend.Url), "app");

        using var response = await Send(node, HttpMethod.Get, path, "gzip, br, zstd");
        var body = await response.Content.ReadAsByteArrayAsync();

        var encoding = response.Content.Headers.ContentEncoding;
        Assert.True(path == "/encoded" ? encoding.SequenceEqual(["x-custom"]) : encoding.Count == 0, $"{what} was sent as {string.Join(",", encoding)}");
        if (path is "/sse" or "/range" or "/encoded")
        {
            Assert.Equal(ShapedBackend.Text, body);
            Assert.Equal(ShapedBackend.Text.Length, response.Content.Headers.ContentLength);
        }
    }

    [Fact(Timeout = 120_000)]
    public async Task Compress_Head_NotEncodedLengthKept()
    {
        await using var backend = await ShapedBackend.StartAsync(2);
        await using var node = await TestNode.StartAsync(Config(backend.Url), "app");

        using var response = await Send(node, HttpMethod.Head, "/text", "gzip");

        Assert.Empty(response.Content.Headers.ContentEncoding);
        Assert.Equal(ShapedBackend.Text.Length, response.Content.Headers.ContentLength);
    }

    [Theory(Timeout = 120_000)]
    [InlineData("gzip")]
    [InlineData("br")]
    [InlineData("zstd")]
    public async Task Compress_StreamThatPauses_FirstPartReachesTheClientBeforeTheServerGoesOn(string encoding)
    {
        await using var backend = await ShapedBackend.StartAsync(2);
        await using var node = await TestNode.StartAsync(Config(backend.Url), "app");

        using var request = new HttpRequestMessage(HttpMethod.Get, "/stream");
        request.Headers.TryAddWithoutValidation("Accept-Encoding", encoding);
        using var response = await node.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal([encoding], response.Content.Headers.ContentEncoding);
        await using var decoded = Decoder(encoding, await response.Content.ReadAsStreamAsync());

        // The server holds its second part until released: the first must arrive on its own.
        var first = await ReadLineAsync(decoded).WaitAsync(TimeSpan.FromSeconds(5));
        backend.Release();
        var second = await ReadLineAsync(decoded).WaitAsync(TimeSpan.FromSeconds(5));

        Assert.Equal("event one", first);
        Assert.Equal("event two", second);
    }

    [Fact(Timeout = 120_000)]
    public async Task Compress_IncludedContentTypes_OnlyThoseEncoded()
    {
        await using var backend = await ShapedBackend.StartAsync(2);
        var compress = "    compress:\n      compress:\n        includedContentTypes: [application/json]\n";
        await using var node = await TestNode.StartAsync(Config(backend.Url, compress), "app");

        using var json = await Send(node, HttpMethod.Get, "/json", "gzip");
        using var text = await Send(node, HttpMethod.Get, "/text", "gzip");

        Assert.Equal(["gzip"], json.Content.Headers.ContentEncoding);
        Assert.Empty(text.Content.Headers.ContentEncoding);
    }

    [Fact(Timeout = 120_000)]
    public async Task Compress_ExcludedContentTypes_ThoseNotEncodedDefaultEncodingWithoutHeader()
    {
        await using var backend = await ShapedBackend.StartAsync(2);
        var compress = "    compress:\n      compress:\n        excludedContentTypes: [\"text/plain\"]\n        defaultEncoding: gzip\n";
        await using var node = await TestNode.StartAsync(Config(backend.Url, compress), "app");

        using var text = await Send(node, HttpMethod.Get, "/text", "gzip");
        using var json = await Send(node, HttpMethod.Get, "/json", null);

        Assert.Empty(text.Content.Headers.ContentEncoding);
        Assert.Equal(["gzip"], json.Content.Headers.ContentEncoding);
    }

    [Fact(Timeout = 120_000)]
    public async Task Compress_WildcardWithDefaultEncoding_TheDefaultAsTraefikPicksIt()
    {
        await using var backend = await ShapedBackend.StartAsync(2);
        var compress = "    compress:\n      compress:\n        defaultEncoding: gzip\n";
        await using var node = await TestNode.StartAsync(Config(backend.Url, compress), "app");

        using var wildcard = await Send(node, HttpMethod.Get, "/text", "*");
        using var tie = await Send(node, HttpMethod.Get, "/text", "br, *");
        using var named = await Send(node, HttpMethod.Get, "/text", "br, *;q=0.5");
        using var identity = await Send(node, HttpMethod.Get, "/text", "identity, gzip;q=0.5");

        Assert.Equal(["gzip"], wildcard.Content.Headers.ContentEncoding);
        Assert.Equal(["gzip"], tie.Content.Headers.ContentEncoding);
        Assert.Equal(["br"], named.Content.Headers.ContentEncoding);
        Assert.Empty(identity.Content.Headers.ContentEncoding);
        Assert.Equal(await identity.Content.ReadAsByteArrayAsync(), Decode("gzip", await wildcard.Content.ReadAsByteArrayAsync()));
    }

    [Fact(Timeout = 120_000)]
    public async Task Compress_StrongETag_KeptAsTraefikKeepsIt()
    {
        await using var backend = await ShapedBackend.StartAsync(2);
        await using var node = await TestNode.StartAsync(Config(backend.Url), "app");

        using var response = await Send(node, HttpMethod.Get, "/etag", "gzip");

        Assert.Equal(["gzip"], response.Content.Headers.ContentEncoding);
        Assert.Equal("\"v1\"", response.Headers.ETag?.ToString());
    }

    [Fact(Timeout = 120_000)]
    public async Task Compress_AccessLog_DownstreamSizeIsWhatTheClientGotOriginSizeTheServers()
    {
        await using var backend = await ShapedBackend.StartAsync(2);
        var path = Path.Combine(Directory.CreateTempSubdirectory("proxy-it-compress-").FullName, "access.log");
        var sizes = new List<int>();
        await using (var node = await TestNode.StartAsync(Config(backend.Url), ["app"], ["--accesslog=true", $"--accesslog.filepath={path}", "--accesslog.format=json"]))
        {
            foreach (var target in new[] { "/text", "/chunked" })
            {
                using var response = await Send(node, HttpMethod.Get, target, "gzip");
                sizes.Add((await response.Content.ReadAsByteArrayAsync()).Length);
            }
        }

        var documents = (await File.ReadAllLinesAsync(path)).Select(l => JsonDocument.Parse(l).RootElement).ToArray();
        Assert.Equal(2, documents.Length);
        for (var i = 0; i < 2; i++)
        {
            Assert.Equal(sizes[i], documents[i].GetProperty("DownstreamContentSize").GetInt64());
            Assert.Equal(ShapedBackend.Text.Length, documents[i].GetProperty("OriginContentSize").GetInt64());
        }
    }

    [Theory(Timeout = 120_000)]
    [InlineData("encodings: [gzip, lz4]", "compress.encodings[1]", "'lz4' must be zstd or br or gzip")]
    [InlineData("minResponseBodyBytes: -1", "compress.minResponseBodyBytes", "must not be negative")]
    [InlineData("includedContentTypes: [text/html]\n        excludedContentTypes: [image/png]", "compress.includedContentTypes", "exclude each other")]
    public async Task Compress_BadValue_ErrorOnThatMiddlewareOtherRoutersServe(string options, string field, string problem)
    {
        await using var backend = await ShapedBackend.StartAsync(2);
        await using var node = await TestNode.StartAsync(Config(backend.Url, $"    compress:\n      compress:\n        {options}\n"), "plain");

        await MiddlewareErrors.WaitForAsync(node.Api, "compress@file", field, problem);
        Assert.Equal("disabled", await RoutingApi.RouterStatusAsync(node.Api, "app@file"));
        using var plain = await Send(node, HttpMethod.Get, "/plain", "gzip");
        Assert.Equal("plain", await plain.Content.ReadAsStringAsync());
        Assert.Equal("enabled", await RoutingApi.RouterStatusAsync(node.Api, "plain@file"));
    }

    private static Task<HttpResponseMessage> GetAsync(ParityTarget target, string path, string acceptEncoding)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.TryAddWithoutValidation("Accept-Encoding", acceptEncoding);
        return target.SendAsync(request);
    }

    private static Task<HttpResponseMessage> Send(TestNode node, HttpMethod method, string path, string? acceptEncoding)
    {
        var request = new HttpRequestMessage(method, path);
        if (acceptEncoding is not null)
        {
            request.Headers.TryAddWithoutValidation("Accept-Encoding", acceptEncoding);
        }

        return node.Client.SendAsync(request);
    }

    private static Stream Decoder(string encoding, Stream raw) => encoding switch
    {
        "gzip" => new GZipStream(raw, CompressionMode.Decompress),
        "br" => new BrotliStream(raw, CompressionMode.Decompress),
        _ => new ZstdSharp.DecompressionStream(raw),
    };

    private static byte[] Decode(string encoding, byte[] raw)
    {
        using var decoder = Decoder(encoding, new MemoryStream(raw));
        using var output = new MemoryStream();
        decoder.CopyTo(output);
        return output.ToArray();
    }

    /// <summary>One line, read byte by byte so nothing beyond it is waited for.</summary>
    private static async Task<string> ReadLineAsync(Stream stream)
    {
        var line = new StringBuilder();
        var one = new byte[1];
        while (await stream.ReadAsync(one) == 1 && one[0] != '\n')
        {
            line.Append((char)one[0]);
        }

        return line.ToString();
    }
}
