using System.Diagnostics;
using System.Net;
using Proxy.Actors.Services.SessionAffinity;
using Xunit.Abstractions;

namespace Proxy.Node.Tests.Integration.Docker;

/// <summary>
/// Sticky sessions across a cluster: three proxy-node processes (<see cref="TwoHostCluster"/>) and three nginx
/// containers of one sticky service on daemon A. A client whose requests go to the three nodes in turn stays on one
/// container, since every node reads the cookie alike; when that container is stopped under its load, the client is
/// pinned to another container from then on, and no request fails with a retry middleware; without one, only a
/// request the stopping container took and never answered can, before the client moves.
/// </summary>
[Collection(IntegrationCollection.Name)]
public sealed class StickyClusterTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Step = TimeSpan.FromSeconds(60);

    // Without a retry middleware as well as with one: a graceful stop drains the container at its stop signal, so
    // the proof must not rest on a retry masking requests that still went to it. Without one, a request that the
    // stopping nginx took on a keep-alive connection and never answered may fail (a 502), before the move only.
    [DockerTheory(secondDaemon: true, Timeout = 240_000)]
    [InlineData(true)]
    [InlineData(false)]
    public async Task ThreeNodes_ClientAlternatingNodes_KeepsOneServerThenRepinnedWhenItsContainerStops(bool retry)
    {
        DockerCli.RequireBoth();
        await using var cluster = await TwoHostCluster.StartAsync(output);
        var id = cluster.Id;
        var host = $"s-{id}.localhost";
        var service = $"s{id}@docker";
        var cookieName = $"lb{id}";
        var urls = new Dictionary<string, string>(StringComparer.Ordinal);
        await Task.WhenAll(Enumerable.Range(1, 3).Select(i =>
        {
            var name = $"proxyc-{id}-s{i}";
            var url = TwoHostCluster.NewUrl($"127.0.0.{70 + i}");
            lock (urls)
            {
                urls[name] = url;
            }

            string[] retryLabels = retry
                ? [$"proxy.http.routers.s{id}.middlewares=r{id}", $"proxy.http.middlewares.r{id}.retry.attempts=3", $"proxy.http.middlewares.r{id}.retry.initialinterval=10ms"]
                : [];
            return cluster.RunNginxAsync(DockerCli.Endpoint, name, url, 0,
            [
                $"proxy.http.routers.s{id}.rule=Host(`{host}`)",
                $"proxy.http.routers.s{id}.service=s{id}",
                .. retryLabels,
                $"proxy.http.services.s{id}.loadbalancer.server.url={url}",
                $"proxy.http.services.s{id}.loadbalancer.sticky.cookie=true",
                $"proxy.http.services.s{id}.loadbalancer.sticky.cookie.name={cookieName}",
                $"proxy.http.services.s{id}.loadbalancer.sticky.cookie.httponly=true",
            ]);
        }));
        foreach (var node in cluster.Nodes)
        {
            foreach (var url in urls.Values)
            {
                await cluster.EventuallyAsync(async () => await node.ServerStatusAsync(service, url) == "UP", $"{node.Name}: {url} UP", Step);
            }
        }

        var clients = cluster.Nodes.Select(n => new HttpClient(new SocketsHttpHandler { UseProxy = false, UseCookies = false })
        {
            BaseAddress = new Uri(n.WebUrl),
            Timeout = TimeSpan.FromSeconds(30),
        }).ToArray();
        try
        {
            var client = new StickyClient(clients, host, cookieName);

            // 100 requests, node1, node2, node3, node1...: one server, and one cookie, the first answer's.
            var first = new List<Answer>();
            for (var i = 0; i < 100; i++)
            {
                first.Add(await client.GetAsync());
            }

            Assert.True(first.All(a => a.Status == HttpStatusCode.OK), $"statuses: {string.Join(", ", first.Select(a => a.Status).Distinct())}");
            var pinned = Assert.Single(first.Select(a => a.Backend).Distinct());
            Assert.Equal(1, first.Count(a => a.SetCookie is not null));
            Assert.Equal($"{cookieName}={StickyCookie.ValueOf(urls[pinned!])}", client.Cookie);

            // The same client keeps going while its server's container stops.
            var during = new List<Answer>();
            using var stopLoad = new CancellationTokenSource();
            var loading = Task.Run(async () =>
            {
                while (!stopLoad.IsCancellationRequested)
                {
                    during.Add(await client.GetAsync());
                }
            });
            await cluster.EventuallyAsync(() => Task.FromResult(Volatile.Read(ref client.Sent) >= 150), "load before the stop", Step);
            var clock = Stopwatch.StartNew();
            await DockerCli.DockerOnAsync(DockerCli.Endpoint, "stop", "-t", "10", pinned!);
            var stoppedAfter = clock.Elapsed;
            var sentAtStop = Volatile.Read(ref client.Sent);
            await cluster.EventuallyAsync(() => Task.FromResult(Volatile.Read(ref client.Sent) >= sentAtStop + 100), "100 requests after the stop", Step);
            await stopLoad.CancelAsync();
            await loading;

            var context = $"answers while {pinned} stopped: {string.Join(" ", during.Select(a => a.Describe()))}\n{cluster.Outputs()}";
            output.WriteLine($"docker stop of {pinned} took {stoppedAfter.TotalSeconds:F1} s; {during.Count} requests through the three nodes in turn meanwhile");
            var moved = during.FindIndex(a => a.Status == HttpStatusCode.OK && a.Backend != pinned);
            Assert.True(moved >= 0, $"the client was never moved off {pinned}\n{context}");
            // nginx closes its listener when the signal reaches it, and Docker reports the signal (the node's cue to
            // drain) only after sending it: a request that a node sends in between is refused. A refused connection
            // carried nothing, so it goes to another server with or without a retry middleware: it is never what a
            // client sees. A request just written on a keep-alive connection that nginx closes as it begins its
            // graceful stop gets no response (docs/docker.md): the node's 502 without a retry middleware, and only
            // while the client is still pinned to the stopping container. The client cannot read a 502's reason, but
            // the two differ in number: connections are refused for every request in the few hundred milliseconds
            // before the drain (dozens at this client's rate), while one that goes unanswered must have been on a
            // connection as nginx began to stop, and this client sends one request at a time, one node's pool after
            // another: at most one per node.
            var failed = during.Select((a, i) => (a, i)).Where(x => x.a.Status != HttpStatusCode.OK).ToList();
            if (retry)
            {
                Assert.True(failed.Count == 0, $"failed requests\n{context}");
            }
            else
            {
                Assert.True(failed.All(x => x.a.Status == HttpStatusCode.BadGateway && x.i < moved), $"a failure other than a 502 before the move\n{context}");
                Assert.True(failed.Count <= cluster.Nodes.Count, $"{failed.Count} 502s: more than requests left unanswered, so refused ones failed\n{context}");
            }

            var repinned = during[moved].Backend!;
            Assert.True(during.Skip(moved).All(a => a.Status == HttpStatusCode.OK && a.Backend == repinned), $"after the move to {repinned} the client was served by another or failed\n{context}");
            Assert.True(during.Skip(moved + 1).All(a => a.SetCookie is null), $"the cookie was rewritten again after the move\n{context}");
            Assert.Equal($"{cookieName}={StickyCookie.ValueOf(urls[repinned])}", client.Cookie);
        }
        finally
        {
            foreach (var client in clients)
            {
                client.Dispose();
            }
        }
    }

    private sealed record Answer(HttpStatusCode Status, string? Backend, string? SetCookie)
    {
        public string Describe() => $"{(int)Status}:{Backend}{(SetCookie is null ? "" : "+cookie")}";
    }

    /// <summary>A browser's worth of cookie handling: sends its one cookie, takes the one the answer sets; the nodes in turn.</summary>
    private sealed class StickyClient(HttpClient[] nodes, string host, string cookieName)
    {
        public int Sent;

        public string? Cookie { get; private set; }

        public async Task<Answer> GetAsync()
        {
            var node = nodes[Interlocked.Increment(ref Sent) % nodes.Length];
            using var request = new HttpRequestMessage(HttpMethod.Get, "/") { Headers = { Host = host } };
            if (Cookie is { } cookie)
            {
                request.Headers.Add("Cookie", cookie);
            }

            try
            {
                using var response = await node.SendAsync(request);
                await response.Content.ReadAsByteArrayAsync();
                var setCookie = response.Headers.TryGetValues("Set-Cookie", out var values)
                    ? values.SingleOrDefault(v => v.StartsWith(cookieName + "=", StringComparison.Ordinal))
                    : null;
                if (setCookie is not null)
                {
                    Cookie = setCookie.Split(';')[0];
                }

                return new Answer(response.StatusCode, response.Headers.TryGetValues(TestBackend.NameHeader, out var names) ? names.First() : null, setCookie);
            }
            catch (HttpRequestException e)
            {
                return new Answer(0, e.Message, null);
            }
        }
    }
}
