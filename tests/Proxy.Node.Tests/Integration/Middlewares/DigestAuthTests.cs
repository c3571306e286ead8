using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Proxy.Node.Tests.Integration.Docker;

namespace Proxy.Node.Tests.Integration.Middlewares;

/// <summary>digestAuth through real nodes to a real nginx, with .NET's own digest client and by hand (replays).</summary>
[Collection(IntegrationCollection.Name)]
public sealed partial class DigestAuthTests
{
    // MD5 of "alice:traefik:secret-a" and of "bob:staff:secret-b", as htdigest writes them.
    private const string Alice = "alice:traefik:9ef57555a18599f5f569563c2d70c57a";
    private const string Bob = "bob:staff:2b6cb381a6edc9aeebb7758cb44fa0e1";

    [DockerFact(Timeout = 180_000)]
    public Task DigestAuth_FromLabelsAndFromYaml_SameAnswers() =>
        BothProviders.CheckAsync(
            $"digestAuth:\n  users: [\"{Alice}\", \"{Bob}\"]\n  headerField: X-Remote-User\n  removeHeader: true\n",
            [$"digestauth.users={Alice},{Bob}", "digestauth.headerfield=X-Remote-User", "digestauth.removeheader=true"],
            async target =>
            {
                using var anonymous = await target.GetAsync("/page");
                Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
                var challenge = anonymous.Headers.WwwAuthenticate.ToString();
                Assert.StartsWith("Digest realm=\"traefik\", nonce=\"", challenge, StringComparison.Ordinal);
                Assert.Contains("algorithm=MD5, qop=\"auth\"", challenge, StringComparison.Ordinal);

                // .NET's own digest client answers the challenge.
                using (var alice = ClientFor(target, "alice", "secret-a"))
                using (var response = await alice.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/page?q=1") { Headers = { Host = target.Host } }))
                {
                    Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                    Assert.Equal("alice", string.Join(",", response.Headers.GetValues(EchoNginx.Echoed("Remote-User"))));
                    Assert.False(response.Headers.Contains(EchoNginx.Echoed("Authorization")));
                }

                using (var wrong = ClientFor(target, "alice", "secret-b"))
                using (var response = await wrong.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/page") { Headers = { Host = target.Host } }))
                {
                    Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
                }

                // bob's line is of another realm: not a user of this one.
                using (var bob = ClientFor(target, "bob", "secret-b"))
                using (var response = await bob.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/page") { Headers = { Host = target.Host } }))
                {
                    Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
                }
            });

    [Fact]
    public async Task DigestAuth_SameNonceCountAgain_RefusedAsStaleAHigherCountServes()
    {
        await using var backend = await TestBackend.StartAsync("a", 2);
        await using var node = await TestNode.StartAsync(GuardedRouter.Config(backend.Url, $"    auth:\n      digestAuth:\n        users: [\"{Alice}\"]\n"), "app", "guarded");

        using var challenge = await node.Client.GetAsync("/guarded");
        var nonce = NonceOf().Match(challenge.Headers.WwwAuthenticate.ToString()).Groups[1].Value;
        var opaque = OpaqueOf().Match(challenge.Headers.WwwAuthenticate.ToString()).Groups[1].Value;

        using var first = await node.Client.SendAsync(Signed("/guarded", nonce, opaque, "00000001"));
        using var replay = await node.Client.SendAsync(Signed("/guarded", nonce, opaque, "00000001"));
        using var next = await node.Client.SendAsync(Signed("/guarded", nonce, opaque, "00000002"));
        using var otherUri = await node.Client.SendAsync(Signed("/guarded/x", nonce, opaque, "00000003", signedUri: "/guarded"));

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, replay.StatusCode);
        Assert.Contains("stale=true", replay.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, next.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, otherUri.StatusCode);

        // The HA1 is as good as the password: the API shows user and realm only.
        var shown = await node.Api.GetStringAsync("/api/http/middlewares/auth@file");
        Assert.Contains("alice:traefik:[redacted]", shown, StringComparison.Ordinal);
        Assert.DoesNotContain("9ef57555", shown, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("users: [\"alice:traefik:not-hex\"]", "digestAuth.users[0]", "user 'alice': the HA1 is not 32 hexadecimal digits")]
    [InlineData("users: [\"alice:9ef57555a18599f5f569563c2d70c57a\"]", "digestAuth.users[0]", "is not 'user:realm:HA1'")]
    [InlineData("realm: staff", "digestAuth", "needs users or usersFile")]
    public async Task DigestAuth_BadValue_ErrorOnThatMiddlewareOtherRoutersServe(string options, string field, string problem)
    {
        await using var backend = await TestBackend.StartAsync("a", 2);
        await using var node = await TestNode.StartAsync(GuardedRouter.Config(backend.Url, $"    auth:\n      digestAuth:\n        {options}\n"), "app");

        await MiddlewareErrors.WaitForAsync(node.Api, "auth@file", field, problem);
        var errors = await RoutingApi.MiddlewareErrorsAsync(node.Api, "auth@file");
        Assert.DoesNotContain(errors, e => e.Contains("9ef57555", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.OK, (await node.Client.GetAsync("/other")).StatusCode);
    }

    private static HttpRequestMessage Signed(string path, string nonce, string opaque, string nc, string? signedUri = null)
    {
        var uri = signedUri ?? path;
        var ha1 = Alice.Split(':')[2];
        var ha2 = Md5Hex($"GET:{uri}");
        var response = Md5Hex($"{ha1}:{nonce}:{nc}:cn0nce:auth:{ha2}");
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.TryAddWithoutValidation(
            "Authorization",
            $"Digest username=\"alice\", realm=\"traefik\", nonce=\"{nonce}\", uri=\"{uri}\", qop=auth, nc={nc}, cnonce=\"cn0nce\", response=\"{response}\", opaque=\"{opaque}\", algorithm=MD5");
        return request;
    }

    private static string Md5Hex(string text) => Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(text)));

    private static HttpClient ClientFor(ParityTarget target, string user, string password) =>
        new(new SocketsHttpHandler { UseProxy = false, AllowAutoRedirect = false, Credentials = new NetworkCredential(user, password) })
        {
            BaseAddress = target.Web.BaseAddress,
        };

    [GeneratedRegex("nonce=\"([0-9a-f]+)\"")]
    private static partial Regex NonceOf();

    [GeneratedRegex("opaque=\"([0-9a-f]+)\"")]
    private static partial Regex OpaqueOf();
}
