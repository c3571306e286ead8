using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Proxy.Node.Tests.Integration.Docker;
using Proxy.Node.Tests.ProxyProtocol;

namespace Proxy.Node.Tests.Integration.Middlewares;

/// <summary>
/// ipAllowList (and ipWhiteList) through real nodes to a real backend: each option, the client address as
/// the entry point gives it (forwarded headers it trusts, a PROXY protocol header from a trusted load
/// balancer, IPv6 clients included), bad values, and the same middleware from labels and from YAML.
/// Every router here matches a path prefix of its own and uses a middleware of the same name.
/// </summary>
[Collection(IntegrationCollection.Name)]
public sealed class IpAllowListTests
{
    private const string TrustLoopbackForwarded = "--entrypoints.web.forwardedheaders.trustedips=127.0.0.1";
    private const string TrustLoopbackProxyProtocol = "--entrypoints.web.proxyprotocol.trustedips=127.0.0.1";

    /// <summary>One router per middleware: <c>/name</c> through middleware <c>name</c>, given as (name, body under it).</summary>
    private static string Config(string backendUrl, params (string Name, string Body)[] middlewares) =>
        "http:\n  routers:\n"
        + string.Concat(middlewares.Select(m => $"    {m.Name}:\n      rule: \"PathPrefix(`/{m.Name}`)\"\n      service: app\n      middlewares: [{m.Name}]\n"))
        + "    plain:\n      rule: \"PathPrefix(`/plain`)\"\n      service: app\n"
        + "  services:\n    app:\n      loadBalancer:\n" + Yaml.Servers(backendUrl)
        + "  middlewares:\n"
        + string.Concat(middlewares.Select(m => $"    {m.Name}:\n" + string.Concat(m.Body.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => $"      {line}\n"))));

    private static string[] Routers(params (string Name, string Body)[] middlewares) => [.. middlewares.Select(m => m.Name), "plain"];

    private static Task<int> GetAsync(TestNode node, string path, params string[] headerLines) =>
        RawHttp.StatusOfGetAsync(node.WebPort, path, headerLines);

    [Fact]
    public async Task IpAllowList_SourceRange_ClientInsidePassesOthersGet403ForbiddenWithoutReachingTheBackend()
    {
        await using var backend = await TestBackend.StartAsync("a", 2);
        (string, string)[] middlewares =
        [
            ("loopback", "ipAllowList:\n  sourceRange: [\"10.0.0.0/8\", \"127.0.0.1\"]\n"),
            ("tennet", "ipAllowList:\n  sourceRange: [\"10.0.0.0/8\", \"::1\"]\n"),
        ];
        await using var node = await TestNode.StartAsync(Config(backend.Url, middlewares), Routers(middlewares));
        backend.ResetCounts();

        Assert.Equal(200, await GetAsync(node, "/loopback"));
        using var refused = await node.Client.GetAsync("/tennet");
        // A forged X-Forwarded-For from a peer the entry point does not trust names nobody.
        Assert.Equal(403, await GetAsync(node, "/tennet", "X-Forwarded-For: 10.1.2.3", "X-Real-Ip: 10.1.2.3"));

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal("Forbidden", await refused.Content.ReadAsStringAsync());
        Assert.Equal(1, backend.Requests);
    }

    [Fact]
    public async Task IpAllowList_RejectStatusCode_RefusedWithItAndItsText()
    {
        await using var backend = await TestBackend.StartAsync("a", 2);
        (string, string)[] middlewares = [("hidden", "ipAllowList:\n  sourceRange: [\"10.0.0.0/8\"]\n  rejectStatusCode: 404\n")];
        await using var node = await TestNode.StartAsync(Config(backend.Url, middlewares), Routers(middlewares));

        using var refused = await node.Client.GetAsync("/hidden");

        Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);
        Assert.Equal("Not Found", await refused.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task IpAllowList_DepthFromATrustedProxy_TheAddressThatManyFromTheRight()
    {
        await using var backend = await TestBackend.StartAsync("a", 2);
        (string, string)[] middlewares = [("depth", "ipAllowList:\n  sourceRange: [\"10.0.0.0/8\"]\n  ipStrategy:\n    depth: 2\n")];
        await using var node = await TestNode.StartAsync(Config(backend.Url, middlewares), Routers(middlewares), [TrustLoopbackForwarded]);

        Assert.Equal(200, await GetAsync(node, "/depth", "X-Forwarded-For: 1.2.3.4, 10.1.1.1, 192.168.0.9"));
        Assert.Equal(403, await GetAsync(node, "/depth", "X-Forwarded-For: 10.1.1.1, 1.2.3.4, 192.168.0.9"));
        // Over several lines, read as one list from the right.
        Assert.Equal(200, await GetAsync(node, "/depth", "X-Forwarded-For: 10.1.1.1", "X-Forwarded-For: 192.168.0.9"));
        // Deeper than the list, or an entry that is no address: no client, refused.
        Assert.Equal(403, await GetAsync(node, "/depth", "X-Forwarded-For: 10.1.1.1"));
        Assert.Equal(403, await GetAsync(node, "/depth", "X-Forwarded-For: unknown, 10.1.1.1"));
        Assert.Equal(403, await GetAsync(node, "/depth"));
    }

    [Fact]
    public async Task IpAllowList_ExcludedIpsFromATrustedProxy_TheRightMostAddressNotExcluded()
    {
        await using var backend = await TestBackend.StartAsync("a", 2);
        (string, string)[] middlewares =
            [("excluded", "ipAllowList:\n  sourceRange: [\"10.0.0.0/8\"]\n  ipStrategy:\n    excludedIPs: [\"192.168.0.0/16\", \"172.16.0.0/12\"]\n")];
        await using var node = await TestNode.StartAsync(Config(backend.Url, middlewares), Routers(middlewares), [TrustLoopbackForwarded]);

        Assert.Equal(200, await GetAsync(node, "/excluded", "X-Forwarded-For: 1.2.3.4, 10.1.1.1, 172.16.0.1, 192.168.0.9"));
        Assert.Equal(403, await GetAsync(node, "/excluded", "X-Forwarded-For: 10.1.1.1, 1.2.3.4, 192.168.0.9"));
        // Every entry excluded: no client, refused.
        Assert.Equal(403, await GetAsync(node, "/excluded", "X-Forwarded-For: 192.168.0.1, 172.16.0.1"));
    }

    [Fact]
    public async Task IpAllowList_StrategyWithoutForwardedHeadersTrust_ClientsClaimIsNotBelieved()
    {
        await using var backend = await TestBackend.StartAsync("a", 2);
        (string, string)[] middlewares =
        [
            ("depth", "ipAllowList:\n  sourceRange: [\"10.0.0.0/8\"]\n  ipStrategy:\n    depth: 1\n"),
            ("excluded", "ipAllowList:\n  sourceRange: [\"10.0.0.0/8\"]\n  ipStrategy:\n    excludedIPs: [\"192.168.0.0/16\"]\n"),
        ];
        await using var node = await TestNode.StartAsync(Config(backend.Url, middlewares), Routers(middlewares));
        backend.ResetCounts();

        Assert.Equal(403, await GetAsync(node, "/depth", "X-Forwarded-For: 10.1.1.1"));
        Assert.Equal(403, await GetAsync(node, "/excluded", "X-Forwarded-For: 10.1.1.1"));
        Assert.Equal(0, backend.Requests);
    }

    [Fact]
    public async Task IpAllowList_NoStrategyForwardedHeadersInsecure_ForgedForwardedForStillRefused()
    {
        await using var backend = await TestBackend.StartAsync("a", 2);
        (string, string)[] middlewares = [("office", "ipAllowList:\n  sourceRange: [\"10.0.0.0/8\"]\n")];
        await using var node = await TestNode.StartAsync(
            Config(backend.Url, middlewares), Routers(middlewares), ["--entrypoints.web.forwardedheaders.insecure=true"]);
        backend.ResetCounts();

        // As Traefik without ipStrategy: the peer, whatever the entry point lets through in X-Forwarded-For.
        Assert.Equal(403, await GetAsync(node, "/office", "X-Forwarded-For: 10.1.2.3"));
        Assert.Equal(403, await GetAsync(node, "/office", "X-Forwarded-For: 1.2.3.4, 10.1.2.3"));
        Assert.Equal(0, backend.Requests);
    }

    [Fact]
    public async Task IpAllowList_ClientFromAProxyProtocolHeader_AllowedOnlyFromATrustedLoadBalancer()
    {
        await using var backend = await TestBackend.StartAsync("a", 2);
        (string, string)[] middlewares = [("lb", "ipAllowList:\n  sourceRange: [\"203.0.113.0/24\"]\n")];
        var v1 = Encoding.ASCII.GetBytes("PROXY TCP4 203.0.113.7 10.0.0.2 51234 80\r\n");
        int? trusted, untrusted;
        await using (var node = await TestNode.StartAsync(Config(backend.Url, middlewares), Routers(middlewares), [TrustLoopbackProxyProtocol]))
        {
            trusted = await ProxyProtocolClient.SendAsync(node.WebPort, v1, ProxyProtocolClient.Request(path: "/lb"));
        }

        await using (var node = await TestNode.StartAsync(
            Config(backend.Url, middlewares), Routers(middlewares), ["--entrypoints.web.proxyprotocol.trustedips=10.0.0.0/8"]))
        {
            untrusted = await ProxyProtocolClient.SendAsync(node.WebPort, v1, ProxyProtocolClient.Request(path: "/lb"));
        }

        Assert.Equal(200, trusted);
        Assert.Equal(403, untrusted);
    }

    [Fact]
    public async Task IpAllowList_Ipv6RangesAndIpv6Subnet_ClientsNamedByProxyProtocolV2()
    {
        await using var backend = await TestBackend.StartAsync("a", 2);
        (string, string)[] middlewares =
        [
            ("six", "ipAllowList:\n  sourceRange: [\"10.0.0.0/8\", \"2001:db8:1::/48\"]\n"),
            // The /64 network address alone: only a client read as its /64 subnet matches it.
            ("subnet", "ipAllowList:\n  sourceRange: [\"2001:db8:1:2::\"]\n  ipStrategy:\n    ipv6Subnet: 64\n"),
            ("nosubnet", "ipAllowList:\n  sourceRange: [\"2001:db8:1:2::\"]\n"),
        ];
        await using var node = await TestNode.StartAsync(Config(backend.Url, middlewares), Routers(middlewares), [TrustLoopbackProxyProtocol]);
        var destination = IPEndPoint.Parse("[2001:db8::1]:80");

        Task<int?> As(string client, string path) =>
            ProxyProtocolClient.SendAsync(node.WebPort, ProxyHeaderBytes.V2(IPEndPoint.Parse($"[{client}]:40000"), destination), ProxyProtocolClient.Request(path: path));

        Assert.Equal(200, await As("2001:db8:1:ffff::5", "/six"));
        Assert.Equal(403, await As("2001:db8:2::5", "/six"));
        Assert.Equal(200, await As("2001:db8:1:2::99", "/subnet"));
        Assert.Equal(403, await As("2001:db8:1:3::99", "/subnet"));
        Assert.Equal(403, await As("2001:db8:1:2::99", "/nosubnet"));
        // An IPv4 client written IPv4-mapped is the IPv4 client, in 10.0.0.0/8.
        Assert.Equal(200, await As("::ffff:10.1.2.3", "/six"));
    }

    [Fact]
    public async Task IpAllowList_BadValuesAndOldName_ErrorsOnThoseMiddlewaresInApiAndLogWhileOthersServe()
    {
        await using var backend = await TestBackend.StartAsync("a", 2);
        (string, string)[] middlewares =
        [
            ("badrange", "ipAllowList:\n  sourceRange: [\"10.0.0.0/8\", \"10.0.0.0/33\"]\n"),
            ("empty", "ipAllowList:\n  sourceRange: []\n"),
            ("badstatus", "ipAllowList:\n  sourceRange: [\"127.0.0.1\"]\n  rejectStatusCode: 1000\n"),
            ("old", "ipWhiteList:\n  sourceRange: [\"127.0.0.1\"]\n"),
        ];
        using var node = await FileNodeProcess.StartAsync(Config(backend.Url, middlewares).Replace("PathPrefix(`/plain`)", "PathPrefix(`/`)", StringComparison.Ordinal), _ => []);

        await MiddlewareErrors.WaitForAsync(node.Api, "badrange@file", "ipAllowList.sourceRange[1]", "'10.0.0.0/33' is not an IP address or a CIDR range");
        await MiddlewareErrors.WaitForAsync(node.Api, "empty@file", "ipAllowList.sourceRange", "needs at least one IP address or CIDR range");
        await MiddlewareErrors.WaitForAsync(node.Api, "badstatus@file", "ipAllowList.rejectStatusCode", "1000 is not an HTTP status code for a refused request (200-599)");
        await MiddlewareErrors.WaitForAsync(node.Api, "old@file", "http.middlewares.old.ipWhiteList", "middleware type ipWhiteList is deprecated, use ipAllowList");
        using var old = await node.Api.GetFromJsonAsync<JsonDocument>("/api/http/middlewares/old@file");
        Assert.Equal("warning", old!.RootElement.GetProperty("status").GetString());

        // The old name serves; the routers of the broken ones are down; the rest serves.
        Assert.Equal(HttpStatusCode.OK, (await node.Client.GetAsync("/old")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await node.Client.GetAsync("/plain")).StatusCode);
        Assert.Equal("disabled", await RoutingApi.RouterStatusAsync(node.Api, "badrange@file"));
        await Eventually.TrueAsync(
            () => Task.FromResult(
                node.Process.Output.Contains("Configuration error: ", StringComparison.Ordinal)
                && node.Process.Output.Contains("http.middlewares.badrange.ipAllowList.sourceRange[1]: '10.0.0.0/33' is not an IP address or a CIDR range", StringComparison.Ordinal)
                && node.Process.Output.Contains("Configuration warning: ", StringComparison.Ordinal)
                && node.Process.Output.Contains("http.middlewares.old.ipWhiteList: middleware type ipWhiteList is deprecated, use ipAllowList (the same options)", StringComparison.Ordinal)),
            "the error and the deprecation warning in the log");
    }

    [DockerFact(Timeout = 180_000)]
    public Task IpAllowList_FromLabelsAndFromYaml_SameAnswers() =>
        BothProviders.CheckAsync(
            "ipAllowList:\n  sourceRange: [\"10.0.0.0/8\", \"2001:db8::/32\"]\n  ipStrategy:\n    depth: 1\n  rejectStatusCode: 404\n",
            ["ipallowlist.sourcerange=10.0.0.0/8,2001:db8::/32", "ipallowlist.ipstrategy.depth=1", "ipallowlist.rejectstatuscode=404"],
            async target =>
            {
                async Task<HttpResponseMessage> Get(string? forwardedFor)
                {
                    var request = new HttpRequestMessage(HttpMethod.Get, "/x");
                    if (forwardedFor is not null)
                    {
                        request.Headers.TryAddWithoutValidation("X-Forwarded-For", forwardedFor);
                    }

                    return await target.SendAsync(request);
                }

                using var allowed = await Get("1.2.3.4, 10.1.1.1");
                using var allowed6 = await Get("1.2.3.4, 2001:db8::7");
                using var refused = await Get("10.1.1.1, 1.2.3.4");
                using var none = await Get(null);

                Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
                // nginx saw the chain the node extended: the list, then the trusted peer.
                Assert.Equal("1.2.3.4, 10.1.1.1, 127.0.0.1", allowed.Headers.GetValues("X-Echo-Forwarded-For").Single());
                Assert.Equal(HttpStatusCode.OK, allowed6.StatusCode);
                Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);
                Assert.Equal("Not Found", await refused.Content.ReadAsStringAsync());
                Assert.False(refused.Headers.Contains("X-Echo-Forwarded-For"), "a refused request reached the backend");
                Assert.Equal(HttpStatusCode.NotFound, none.StatusCode);
            },
            TrustLoopbackForwarded);
}
