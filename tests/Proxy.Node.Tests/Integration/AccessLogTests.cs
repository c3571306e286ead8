using System.Net;
using System.Text.Json;

namespace Proxy.Node.Tests.Integration;

[Collection(IntegrationCollection.Name)]
public sealed class AccessLogTests
{
    [Fact]
    public async Task AccessLog_Json_OneLinePerRequestWithRouterAndStatus()
    {
        await using var a = await TestBackend.StartAsync("a", 2);
        var path = Path.Combine(Directory.CreateTempSubdirectory("proxy-it-accesslog-").FullName, "access.log");
        await using (var node = await TestNode.StartAsync(Yaml.SingleRoute(Yaml.Servers(a.Url)).Replace("PathPrefix(`/`)", "PathPrefix(`/app`)", StringComparison.Ordinal), ["app"], ["--accesslog=true", $"--accesslog.filepath={path}", "--accesslog.format=json"]))
        {
            for (var i = 0; i < 5; i++)
            {
                (await node.Client.GetAsync($"/app/{i}")).EnsureSuccessStatusCode();
            }

            Assert.Equal(HttpStatusCode.NotFound, (await node.Client.GetAsync("/missing")).StatusCode);
        }

        var lines = await File.ReadAllLinesAsync(path);
        Assert.Equal(6, lines.Length);
        var documents = lines.Select(l => JsonDocument.Parse(l).RootElement).ToArray();
        Assert.Equal(Enumerable.Range(0, 5).Select(i => $"/app/{i}"), documents.Take(5).Select(d => d.GetProperty("RequestPath").GetString()));
        Assert.All(documents.Take(5), d =>
        {
            Assert.Equal("app@file", d.GetProperty("RouterName").GetString());
            Assert.Equal(a.Url, d.GetProperty("ServiceURL").GetString());
            Assert.Equal(200, d.GetProperty("DownstreamStatus").GetInt32());
            Assert.Equal(200, d.GetProperty("OriginStatus").GetInt32());
            Assert.Equal("127.0.0.1", d.GetProperty("ClientHost").GetString());
            // The backend answers its name, "a".
            Assert.Equal(1, d.GetProperty("DownstreamContentSize").GetInt64());
            Assert.Equal(1, d.GetProperty("OriginContentSize").GetInt64());
        });
        Assert.Equal(404, documents[5].GetProperty("DownstreamStatus").GetInt32());
        Assert.Equal(0, documents[5].GetProperty("OriginStatus").GetInt32());
        Assert.Equal("404 page not found\n".Length, documents[5].GetProperty("DownstreamContentSize").GetInt64());
        Assert.Equal(0, documents[5].GetProperty("OriginContentSize").GetInt64());
    }

    [Fact]
    public async Task AccessLog_RetriedOnLiveServer_LineAndMetricAgreeOnRetries()
    {
        await using var live = await TestBackend.StartAsync("live", 2);
        var path = Path.Combine(Directory.CreateTempSubdirectory("proxy-it-accesslog-").FullName, "access.log");
        double retriesCounted;
        await using (var node = await TestNode.StartAsync(
            Yaml.SingleRoute(Yaml.Servers(FreePort.ClosedUrl(4), live.Url), Yaml.Retry3, "retry"), ["app"], ["--accesslog=true", $"--accesslog.filepath={path}", "--accesslog.format=json", "--metrics.prometheus=true"]))
        {
            for (var i = 0; i < 6; i++)
            {
                Assert.Equal("live", await node.Client.GetStringAsync("/"));
            }

            retriesCounted = Observability.PrometheusText.Value(await node.Api.GetStringAsync("/metrics"), "proxy_service_retries_total", ("service", "app@file"));
        }

        var documents = (await File.ReadAllLinesAsync(path)).Select(l => JsonDocument.Parse(l).RootElement).ToArray();
        Assert.Equal(6, documents.Length);
        Assert.All(documents, d =>
        {
            Assert.Equal(live.Url, d.GetProperty("ServiceURL").GetString());
            Assert.Equal(200, d.GetProperty("OriginStatus").GetInt32());
        });
        var retriesLogged = documents.Sum(d => d.GetProperty("RetryAttempts").GetInt32());
        Assert.True(retriesLogged >= 1, "the first request met the dead server and was retried");
        Assert.Equal(retriesLogged, retriesCounted);
    }

    [Fact]
    public async Task AccessLog_Common_ClfLinesWithSizeRefererAndUserAgent()
    {
        await using var a = await TestBackend.StartAsync("a", 2);
        var path = Path.Combine(Directory.CreateTempSubdirectory("proxy-it-accesslog-").FullName, "access.log");
        byte[] big;
        byte[] small;
        byte[] notFound;
        await using (var node = await TestNode.StartAsync(Yaml.SingleRoute(Yaml.Servers(a.Url)).Replace("PathPrefix(`/`)", "Path(`/big`) || Path(`/x`)", StringComparison.Ordinal), ["app"], ["--accesslog=true", $"--accesslog.filepath={path}"]))
        {
            // Streamed through the forwarder in many writes, more than one socket buffer.
            using var bigRequest = new HttpRequestMessage(HttpMethod.Get, "/big?size=300001");
            bigRequest.Headers.TryAddWithoutValidation("User-Agent", "access-log-test/1.0 (\"quoted\")");
            bigRequest.Headers.TryAddWithoutValidation("Referer", "http://example.com/from?x=1");
            using var bigResponse = await node.Client.SendAsync(bigRequest);
            big = await bigResponse.EnsureSuccessStatusCode().Content.ReadAsByteArrayAsync();

            using var smallResponse = await node.Client.GetAsync("/x");
            small = await smallResponse.EnsureSuccessStatusCode().Content.ReadAsByteArrayAsync();

            // The proxy's own answer, written through Response.WriteAsync rather than the forwarder.
            using var missing = await node.Client.GetAsync("/missing");
            Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
            notFound = await missing.Content.ReadAsByteArrayAsync();
        }

        var lines = await File.ReadAllLinesAsync(path);
        Assert.Equal(3, lines.Length);
        Assert.Equal(300001, big.Length);
        Assert.StartsWith("127.0.0.1 - - [", lines[0], StringComparison.Ordinal);
        Assert.Contains(
            $"\"GET /big?size=300001 HTTP/1.1\" 200 {big.Length} \"http://example.com/from?x=1\" \"access-log-test/1.0 (\\\"quoted\\\")\" 1 \"app@file\" \"{a.Url}\" ",
            lines[0],
            StringComparison.Ordinal);
        Assert.Contains($"\"GET /x HTTP/1.1\" 200 {small.Length} \"-\" \"-\" 2 \"app@file\" \"{a.Url}\" ", lines[1], StringComparison.Ordinal);
        Assert.True(notFound.Length > 0);
        Assert.Contains($"\"GET /missing HTTP/1.1\" 404 {notFound.Length} \"-\" \"-\" 3 \"-\" \"-\" ", lines[2], StringComparison.Ordinal);
    }

    [Fact]
    public async Task AccessLog_InternalServiceAndHead_SizeIsWhatTheClientGot()
    {
        await using var a = await TestBackend.StartAsync("a", 2);
        var path = Path.Combine(Directory.CreateTempSubdirectory("proxy-it-accesslog-").FullName, "access.log");
        var yaml = Yaml.SingleRoute(Yaml.Servers(a.Url)).Replace("PathPrefix(`/`)", "Path(`/x`)", StringComparison.Ordinal)
            .Replace("  services:\n", "    whoami:\n      rule: \"Path(`/whoami`)\"\n      service: whoami@internal\n  services:\n", StringComparison.Ordinal);
        byte[] whoami;
        await using (var node = await TestNode.StartAsync(yaml, ["app", "whoami"], ["--accesslog=true", $"--accesslog.filepath={path}", "--accesslog.format=json"]))
        {
            using var response = await node.Client.GetAsync("/whoami");
            whoami = await response.EnsureSuccessStatusCode().Content.ReadAsByteArrayAsync();

            // Kestrel drops a body written to a HEAD response, so none is counted.
            using var headWhoami = await node.Client.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/whoami"));
            Assert.Empty(await headWhoami.EnsureSuccessStatusCode().Content.ReadAsByteArrayAsync());
            using var headForwarded = await node.Client.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/x"));
            Assert.Empty(await headForwarded.EnsureSuccessStatusCode().Content.ReadAsByteArrayAsync());
        }

        var documents = (await File.ReadAllLinesAsync(path)).Select(l => JsonDocument.Parse(l).RootElement).ToArray();
        Assert.Equal(3, documents.Length);
        Assert.True(whoami.Length > 100, "whoami lists the request's headers");
        Assert.Equal(whoami.Length, documents[0].GetProperty("DownstreamContentSize").GetInt64());
        Assert.Equal(0, documents[0].GetProperty("OriginContentSize").GetInt64());
        Assert.All(documents.Skip(1), d =>
        {
            Assert.Equal("HEAD", d.GetProperty("RequestMethod").GetString());
            Assert.Equal(0, d.GetProperty("DownstreamContentSize").GetInt64());
            Assert.Equal(0, d.GetProperty("OriginContentSize").GetInt64());
        });
    }

    [Fact]
    public async Task AccessLog_ChunkedAndCutOffResponses_SizeCountedOrUnknown()
    {
        await using var a = await TestBackend.StartAsync("a", 2);
        var path = Path.Combine(Directory.CreateTempSubdirectory("proxy-it-accesslog-").FullName, "access.log");
        byte[] chunked;
        await using (var node = await TestNode.StartAsync(Yaml.SingleRoute(Yaml.Servers(a.Url)), ["app"], ["--accesslog=true", $"--accesslog.filepath={path}", "--accesslog.format=json"]))
        {
            // No Content-Length from the server: the size can only be counted as the body goes out.
            using var response = await node.Client.GetAsync("/big?size=200003&chunked=1");
            Assert.True(response.Headers.TransferEncodingChunked);
            chunked = await response.EnsureSuccessStatusCode().Content.ReadAsByteArrayAsync();

            // The server dies after 100,000 of the 200,000 bytes it declared: the client gets a cut-off body.
            using var cut = await node.Client.GetAsync("/big?size=200000&abortAfter=100000", HttpCompletionOption.ResponseHeadersRead);
            Assert.Equal(HttpStatusCode.OK, cut.StatusCode);
            await Assert.ThrowsAnyAsync<Exception>(async () => await cut.Content.ReadAsByteArrayAsync());
        }

        var documents = (await File.ReadAllLinesAsync(path)).Select(l => JsonDocument.Parse(l).RootElement).ToArray();
        Assert.Equal(2, documents.Length);
        Assert.Equal(200003, chunked.Length);
        Assert.Equal(chunked.Length, documents[0].GetProperty("DownstreamContentSize").GetInt64());
        Assert.Equal(chunked.Length, documents[0].GetProperty("OriginContentSize").GetInt64());
        // How much of a cut-off body got through is not known without counting every response: no size rather than a wrong one.
        Assert.False(documents[1].TryGetProperty("DownstreamContentSize", out _), documents[1].ToString());
        Assert.False(documents[1].TryGetProperty("OriginContentSize", out _), documents[1].ToString());
    }

    [Fact]
    public async Task Sigterm_AccessLogToFile_EveryRequestLineWrittenExitCode0()
    {
        await using var a = await TestBackend.StartAsync("a", 2);
        var logPath = string.Empty;
        using var node = await FileNodeProcess.StartAsync(
            Yaml.SingleRoute(Yaml.Servers(a.Url)),
            directory =>
            {
                logPath = Path.Combine(directory, "access.log");
                return ["--accesslog=true", $"--accesslog.filepath={logPath}", "--accesslog.format=json"];
            });

        // Slow requests still in flight at the signal: their lines come only after Kestrel drained them.
        var slow = Enumerable.Range(0, 3).Select(i => node.Client.GetAsync($"/slow?ms=1500&n={i}")).ToArray();
        var quick = new List<string>();
        for (var i = 0; i < 200; i++)
        {
            (await node.Client.GetAsync($"/quick/{i}")).EnsureSuccessStatusCode();
            quick.Add($"/quick/{i}");
        }

        await Eventually.TrueAsync(() => a.Received.Count(r => r.Path.StartsWith("/slow", StringComparison.Ordinal)) == slow.Length, "slow requests at the backend");
        node.Process.SendSigterm();
        foreach (var response in await Task.WhenAll(slow))
        {
            response.EnsureSuccessStatusCode();
        }

        Assert.Equal(0, await node.Process.WaitForExitAsync(TimeSpan.FromSeconds(20)));
        var paths = (await File.ReadAllLinesAsync(logPath))
            .Select(l => JsonDocument.Parse(l).RootElement.GetProperty("RequestPath").GetString())
            .ToHashSet();
        Assert.All(quick, p => Assert.Contains(p, paths));
        Assert.All(Enumerable.Range(0, 3), i => Assert.Contains($"/slow?ms=1500&n={i}", paths));
    }
}
