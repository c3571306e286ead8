using System.Net;
using System.Security.Cryptography;
using System.Text;
using Proxy.Node.Tests.Integration.Docker;

namespace Proxy.Node.Tests.Integration.Middlewares;

/// <summary>forwardAuth through real nodes to a real Kestrel auth server and real backends: each option, refusals as the auth server wrote them, bad values.</summary>
[Collection(IntegrationCollection.Name)]
public sealed class ForwardAuthTests
{
    [DockerFact(Timeout = 180_000)]
    public async Task ForwardAuth_FromLabelsAndFromYaml_SameAnswers()
    {
        await using var auth = await AuthServer.StartAsync(40);
        await BothProviders.CheckAsync(
            "forwardAuth:\n"
            + $"  address: \"{auth.Url}\"\n"
            + "  authResponseHeaders: [X-Auth-User]\n"
            + "  authResponseHeadersRegex: \"^X-Auth-R\"\n"
            + "  addAuthCookiesToResponse: [auth-session]\n",
            [
                $"forwardauth.address={auth.Url}",
                "forwardauth.authresponseheaders=X-Auth-User",
                "forwardauth.authresponseheadersregex=^X-Auth-R",
                "forwardauth.addauthcookiestoresponse=auth-session",
            ],
            async target =>
            {
                using var ok = await target.GetAsync("/ok/page?x=1");
                Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
                Assert.Equal("alice", Echo(ok, "Auth-User"));
                Assert.Equal("admin", Echo(ok, "Auth-Role"));
                Assert.Equal(["auth-session=abc; Path=/"], ok.Headers.GetValues("Set-Cookie"));
                var question = auth.Last;
                Assert.Equal("GET", question.Method);
                Assert.Equal("GET", question.Headers["X-Forwarded-Method"]);
                Assert.Equal("/ok/page?x=1", question.Headers["X-Forwarded-Uri"]);
                Assert.Equal(target.Host, question.Headers["X-Forwarded-Host"]);
                Assert.Equal("http", question.Headers["X-Forwarded-Proto"]);
                Assert.Equal("127.0.0.1", question.Headers["X-Forwarded-For"]);

                // The client's own X-Auth-User never reaches the server: the listed header is the auth server's or none.
                using var forged = await target.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/anonymous") { Headers = { { "X-Auth-User", "root" }, { "X-Auth-Role", "root" } } });
                Assert.Equal(HttpStatusCode.OK, forged.StatusCode);
                Assert.Null(Echo(forged, "Auth-User"));
                Assert.Null(Echo(forged, "Auth-Role"));

                using var denied = await target.GetAsync("/private");
                Assert.Equal(HttpStatusCode.Forbidden, denied.StatusCode);
                Assert.Equal("forbidden by the auth server", await denied.Content.ReadAsStringAsync());
                Assert.Equal("not on the list", string.Join(",", denied.Headers.GetValues("X-Reason")));
                Assert.False(denied.Headers.Contains(EchoNginx.Echoed("Method")), "the backend answered a refused request");

                using var login = await target.GetAsync("/login");
                Assert.Equal(HttpStatusCode.Found, login.StatusCode);
                Assert.Equal(new Uri(new Uri(auth.Url), "/login?rd=back").AbsoluteUri, login.Headers.Location?.OriginalString);
                Assert.Equal("go login", await login.Content.ReadAsStringAsync());
            });
    }

    [Fact]
    public async Task ForwardAuth_TrustForwardHeader_ClientForwardedHeadersOnlyWhenTrusted()
    {
        await using var auth = await AuthServer.StartAsync(41);
        await using var backend = await TestBackend.StartAsync("a", 2);
        var middlewares =
            $"    auth:\n      forwardAuth:\n        address: \"{auth.Url}\"\n"
            + $"    trusting:\n      forwardAuth:\n        address: \"{auth.Url}\"\n        trustForwardHeader: true\n";
        var yaml = GuardedRouter.Config(backend.Url, middlewares, "trusting");
        (string, string)[] forged = [("X-Forwarded-Uri", "/ok/from-proxy"), ("X-Forwarded-For", "10.9.9.9"), ("X-Forwarded-Proto", "https"), ("X-Real-Ip", "10.9.9.9")];

        // trustForwardHeader alone does not trust a peer the entry point does not trust (Traefik strips them there first).
        await using (var untrustingEntry = await TestNode.StartAsync(yaml, "app", "guarded", "trustingRoute"))
        {
            // "/trusted" is refused by the auth server: the forged "/ok/from-proxy" would have let it through.
            foreach (var (path, status) in (ValueTuple<string, HttpStatusCode>[])[("/guarded/ok", HttpStatusCode.OK), ("/trusted", HttpStatusCode.Forbidden)])
            {
                using var response = await Send(untrustingEntry, path, forged);
                Assert.Equal(status, response.StatusCode);
                Assert.Equal(path, auth.Last.Headers["X-Forwarded-Uri"]);
                Assert.Equal("127.0.0.1", auth.Last.Headers["X-Forwarded-For"]);
                Assert.Equal("http", auth.Last.Headers["X-Forwarded-Proto"]);
                Assert.False(auth.Last.Headers.ContainsKey("X-Real-Ip"));
            }
        }

        await using var trustingEntry = await TestNode.StartAsync(
            yaml, ["app", "guarded", "trustingRoute"], ["--entrypoints.web.forwardedHeaders.trustedIPs=127.0.0.1"]);

        // A trusted peer, but the middleware does not trust forward headers: the node's own.
        using var untrusted = await Send(trustingEntry, "/guarded/ok", forged);
        Assert.Equal(HttpStatusCode.OK, untrusted.StatusCode);
        Assert.Equal("/guarded/ok", auth.Last.Headers["X-Forwarded-Uri"]);
        Assert.Equal("127.0.0.1", auth.Last.Headers["X-Forwarded-For"]);
        Assert.Equal("http", auth.Last.Headers["X-Forwarded-Proto"]);
        Assert.False(auth.Last.Headers.ContainsKey("X-Real-Ip"));

        // Both trust: the proxy's headers are extended.
        using var trusted = await Send(trustingEntry, "/trusted", forged);
        Assert.Equal(HttpStatusCode.OK, trusted.StatusCode);
        Assert.Equal("/ok/from-proxy", auth.Last.Headers["X-Forwarded-Uri"]);
        Assert.Equal("10.9.9.9, 127.0.0.1", auth.Last.Headers["X-Forwarded-For"]);
        Assert.Equal("https", auth.Last.Headers["X-Forwarded-Proto"]);
        Assert.Equal("10.9.9.9", auth.Last.Headers["X-Real-Ip"]);
    }

    [Fact]
    public async Task ForwardAuth_UntrustedClient_ForgedForwardedHeadersNeverReachAuthServer()
    {
        await using var auth = await AuthServer.StartAsync(46);
        await using var backend = await TestBackend.StartAsync("a", 2);
        var middlewares = $"    auth:\n      forwardAuth:\n        address: \"{auth.Url}\"\n";
        await using var node = await TestNode.StartAsync(GuardedRouter.Config(backend.Url, middlewares), "app", "guarded");

        using var response = await Send(
            node,
            "/guarded/ok",
            ("X-Original-Url", "https://public.example/"),
            ("X-Real-Ip", "10.9.9.9"),
            ("X_Forwarded_Uri", "/public"),
            ("X-Forwarded-Tls-Client-Cert", "forged"),
            ("X-Forwarded-Prefix", "/public"),
            ("Forwarded", "for=10.9.9.9"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var asked = auth.Last.Headers;
        foreach (var name in (string[])["X-Original-Url", "X-Real-Ip", "X_Forwarded_Uri", "X-Forwarded-Tls-Client-Cert", "X-Forwarded-Prefix", "Forwarded"])
        {
            Assert.False(asked.ContainsKey(name), $"{name} reached the auth server from an untrusted client");
        }

        Assert.Equal("/guarded/ok", asked["X-Forwarded-Uri"]);
    }

    [Fact]
    public async Task ForwardAuth_AuthResponseHeadersRegex_ClientHeaderNameCannotMakeItBacktrack()
    {
        await using var auth = await AuthServer.StartAsync(47);
        await using var backend = await TestBackend.StartAsync("a", 2);
        var middlewares = $"    auth:\n      forwardAuth:\n        address: \"{auth.Url}\"\n        authResponseHeadersRegex: \"^X-(a|aa)+$\"\n";
        await using var node = await TestNode.StartAsync(GuardedRouter.Config(backend.Url, middlewares), "app", "guarded");

        // Exponential for a backtracking engine (its 100 ms timeout was a 500), linear for the node's.
        using var response = await Send(node, "/guarded/ok", ("X-" + new string('a', 40) + "!", "v"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task ForwardAuth_AuthRequestHeaders_OnlyTheListedReachTheAuthServer()
    {
        await using var auth = await AuthServer.StartAsync(42);
        await using var backend = await TestBackend.StartAsync("a", 2);
        var middlewares = $"    auth:\n      forwardAuth:\n        address: \"{auth.Url}\"\n        authRequestHeaders: [Authorization]\n";
        await using var node = await TestNode.StartAsync(GuardedRouter.Config(backend.Url, middlewares), "app", "guarded");

        using var response = await Send(node, "/guarded/ok", ("Authorization", "Bearer t"), ("Cookie", "c=1"), ("X-Custom", "v"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Bearer t", auth.Last.Headers["Authorization"]);
        Assert.False(auth.Last.Headers.ContainsKey("Cookie"));
        Assert.False(auth.Last.Headers.ContainsKey("X-Custom"));
        // The node's own X-Forwarded-* are always there.
        Assert.Equal("/guarded/ok", auth.Last.Headers["X-Forwarded-Uri"]);
        // The backend still gets everything the client sent.
        Assert.Equal("c=1", backend.Received.Last().Headers["Cookie"]);
    }

    [Fact]
    public async Task ForwardAuth_ForwardBody_AuthServerAndBackendGetTheBodyOverMaxBodySizeIs401()
    {
        await using var auth = await AuthServer.StartAsync(43);
        await using var backend = await TestBackend.StartAsync("a", 2);
        var middlewares = $"    auth:\n      forwardAuth:\n        address: \"{auth.Url}\"\n        forwardBody: true\n        maxBodySize: 64\n";
        var yaml = GuardedRouter.Config(backend.Url, middlewares).Replace("PathPrefix(`/guarded`)", "PathPrefix(`/upload`)", StringComparison.Ordinal);
        await using var node = await TestNode.StartAsync(yaml, "app", "guarded");
        var body = "a body the auth server reads whole";

        using var small = await node.Client.PostAsync("/upload", new StringContent(body));
        Assert.Equal(HttpStatusCode.OK, small.StatusCode);
        Assert.Equal("POST", auth.Last.Method);
        Assert.Equal(body, auth.Last.Body);
        Assert.Equal($"{body.Length}:{Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(body)))}", await small.Content.ReadAsStringAsync());

        var asked = auth.Questions.Count;
        using var large = await node.Client.PostAsync("/upload", new StringContent(new string('x', 65)));
        Assert.Equal(HttpStatusCode.Unauthorized, large.StatusCode);
        Assert.Equal(asked, auth.Questions.Count);
    }

    /// <summary>Four uploads at the per-request ceiling hold the node's 64 MiB for auth bodies: the next is 503 at once, not a fifth 16 MiB.</summary>
    [Fact]
    public async Task ForwardAuth_ForwardBodyOverTheNodesBudget_503WithRetryAfterThenServedAgain()
    {
        await using var auth = await AuthServer.StartAsync(48);
        await using var backend = await TestBackend.StartAsync("a", 2);
        var middlewares = $"    auth:\n      forwardAuth:\n        address: \"{auth.Url}\"\n        forwardBody: true\n";
        var yaml = GuardedRouter.Config(backend.Url, middlewares).Replace("PathPrefix(`/guarded`)", "PathPrefix(`/upload`)", StringComparison.Ordinal);
        await using var node = await TestNode.StartAsync(yaml, "app", "guarded");
        var address = node.Client.BaseAddress!;
        var holders = new List<System.Net.Sockets.TcpClient>();
        try
        {
            for (var i = 0; i < 4; i++)
            {
                var holder = new System.Net.Sockets.TcpClient();
                await holder.ConnectAsync(address.Host, address.Port);
                var head = Encoding.ASCII.GetBytes($"POST /upload HTTP/1.1\r\nHost: {address.Authority}\r\nContent-Length: {16 * 1024 * 1024}\r\n\r\nstarted");
                await holder.GetStream().WriteAsync(head);
                holders.Add(holder);
            }

            var refused = await EventuallyAsync(HttpStatusCode.ServiceUnavailable);
            Assert.Equal("1", refused.Headers.RetryAfter?.ToString());
            refused.Dispose();
        }
        finally
        {
            holders.ForEach(h => h.Dispose());
        }

        // The holders gone, their bytes are given back.
        (await EventuallyAsync(HttpStatusCode.OK)).Dispose();

        async Task<HttpResponseMessage> EventuallyAsync(HttpStatusCode wanted)
        {
            var deadline = DateTime.UtcNow.AddSeconds(10);
            while (true)
            {
                var response = await node.Client.PostAsync("/upload", new ByteArrayContent(new byte[1024]));
                if (response.StatusCode == wanted || DateTime.UtcNow > deadline)
                {
                    Assert.Equal(wanted, response.StatusCode);
                    return response;
                }

                response.Dispose();
                await Task.Delay(100);
            }
        }
    }

    [Fact]
    public async Task ForwardAuth_AuthServerUnreachable_500AndOtherRoutersServe()
    {
        await using var backend = await TestBackend.StartAsync("a", 2);
        var middlewares = $"    auth:\n      forwardAuth:\n        address: \"http://127.0.0.44:{FreePort.Next()}/verify\"\n";
        await using var node = await TestNode.StartAsync(GuardedRouter.Config(backend.Url, middlewares), "app", "guarded");
        backend.ResetCounts();

        using var response = await node.Client.GetAsync("/guarded/ok");
        using var other = await node.Client.GetAsync("/other");

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
        Assert.DoesNotContain(backend.Received, r => r.Path.StartsWith("/guarded", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ForwardAuth_PreserveRequestMethod_TheClientsMethodAsked()
    {
        await using var auth = await AuthServer.StartAsync(45);
        await using var backend = await TestBackend.StartAsync("a", 2);
        var middlewares = $"    auth:\n      forwardAuth:\n        address: \"{auth.Url}\"\n        preserveRequestMethod: true\n        preserveLocationHeader: true\n";
        await using var node = await TestNode.StartAsync(GuardedRouter.Config(backend.Url, middlewares), "app", "guarded");

        using var put = await node.Client.SendAsync(new HttpRequestMessage(HttpMethod.Delete, "/guarded/ok"));
        Assert.Equal("DELETE", auth.Last.Method);

        using var login = await node.Client.GetAsync("/guarded/login");
        Assert.Equal("/login?rd=back", login.Headers.Location?.OriginalString);
    }

    [Theory]
    [InlineData("address: \"not a url\"", "forwardAuth.address", "is not an absolute http or https URL")]
    [InlineData("trustForwardHeader: true", "forwardAuth.address", "is required")]
    [InlineData("address: \"http://auth/\"\n        authResponseHeadersRegex: \"(\"", "forwardAuth.authResponseHeadersRegex", "is not a valid regular expression")]
    [InlineData("address: \"http://auth/\"\n        authResponseHeadersRegex: \"^(X)\\\\1$\"", "forwardAuth.authResponseHeadersRegex", "regular expressions run in linear time")]
    [InlineData("address: \"http://auth/\"\n        maxBodySize: 0", "forwardAuth.maxBodySize", "must be -1 (no limit)")]
    [InlineData("address: \"http://auth/\"\n        authResponseHeaders: [\"X Bad\"]", "forwardAuth.authResponseHeaders[0]", "is not a valid header name")]
    [InlineData("address: \"http://auth/\"\n        headerField: \"X Bad\"", "forwardAuth.headerField", "is not a valid header name")]
    [InlineData("address: \"http://auth/\"\n        tls:\n          caOptional: true", "forwardAuth.tls.caOptional", "deprecated in Traefik")]
    public async Task ForwardAuth_BadValue_ErrorOnThatMiddlewareOtherRoutersServe(string options, string field, string problem)
    {
        await using var backend = await TestBackend.StartAsync("a", 2);
        await using var node = await TestNode.StartAsync(GuardedRouter.Config(backend.Url, $"    auth:\n      forwardAuth:\n        {options}\n"), "app");

        await MiddlewareErrors.WaitForAsync(node.Api, "auth@file", field, problem);
        Assert.Equal("disabled", await RoutingApi.RouterStatusAsync(node.Api, "guarded@file"));
        Assert.Equal(HttpStatusCode.OK, (await node.Client.GetAsync("/other")).StatusCode);
    }

    private static Task<HttpResponseMessage> Send(TestNode node, string path, params (string Name, string Value)[] headers)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        return node.Client.SendAsync(request);
    }

    private static string? Echo(HttpResponseMessage response, string header) =>
        response.Headers.TryGetValues(EchoNginx.Echoed(header), out var values) ? string.Join(",", values) : null;
}
