using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Proxy.Node.Tests.Integration.Docker;

namespace Proxy.Node.Tests.Integration.Middlewares;

/// <summary>basicAuth through real nodes to a real nginx: each hash kind, realm, headerField, removeHeader, usersFile, compose's $$, bad lines.</summary>
[Collection(IntegrationCollection.Name)]
public sealed class BasicAuthTests
{
    // Written by htpasswd 2.4: alice (bcrypt, -B -C 5) secret-a, bob (-m, $apr1$) secret-b, carol (-s, {SHA}) secret-c.
    private const string Alice = "alice:$2y$05$jRqOE0GnpK.z3.PtC0CC9e17ATtWCE1sKq9MCYLtSm/Ilb0w4mvpO";
    private const string Bob = "bob:$apr1$N8FA/1pm$noVbxAxgXIMuZu0f2jw2F0";
    private const string Carol = "carol:{SHA}glx5V+xBpN8CAEVCH92sRoGXiK8=";

    [DockerFact(Timeout = 180_000)]
    public Task BasicAuth_FromLabelsAndFromYaml_SameAnswers() =>
        BothProviders.CheckAsync(
            "basicAuth:\n"
            + $"  users: [\"{Alice}\", \"{Bob}\", \"{Carol}\"]\n"
            + "  realm: staff\n"
            + "  headerField: X-Remote-User\n"
            + "  removeHeader: true\n",
            [$"basicauth.users={Alice},{Bob},{Carol}", "basicauth.realm=staff", "basicauth.headerfield=X-Remote-User", "basicauth.removeheader=true"],
            async target =>
            {
                using var anonymous = await target.GetAsync("/page");
                Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
                Assert.Equal("Basic realm=\"staff\"", anonymous.Headers.WwwAuthenticate.ToString());
                Assert.False(anonymous.Headers.Contains(EchoNginx.Echoed("Method")), "nginx answered a request without credentials");

                using var wrong = await SendAs(target, "alice", "secret-b");
                Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);

                using var unknown = await SendAs(target, "mallory", "secret-a");
                Assert.Equal(HttpStatusCode.Unauthorized, unknown.StatusCode);

                foreach (var (user, password) in (ValueTuple<string, string>[])[("alice", "secret-a"), ("bob", "secret-b"), ("carol", "secret-c")])
                {
                    using var right = await SendAs(target, user, password);
                    Assert.Equal(HttpStatusCode.OK, right.StatusCode);
                    Assert.Equal(user, Echo(right, "Remote-User"));
                    Assert.Null(Echo(right, "Authorization"));
                }
            });

    [DockerFact(Timeout = 180_000)]
    public Task BasicAuth_DefaultsFromLabelsAndFromYaml_TraefikRealmAuthorizationKept() =>
        BothProviders.CheckAsync(
            $"basicAuth:\n  users: [\"{Bob}\"]\n",
            [$"basicauth.users={Bob}"],
            async target =>
            {
                using var anonymous = await target.GetAsync("/");
                Assert.Equal("Basic realm=\"traefik\"", anonymous.Headers.WwwAuthenticate.ToString());

                using var right = await SendAs(target, "bob", "secret-b");
                Assert.Equal(HttpStatusCode.OK, right.StatusCode);
                Assert.Equal(BasicHeader("bob", "secret-b").ToString(), Echo(right, "Authorization"));
                Assert.Null(Echo(right, "Remote-User"));
            });

    /// <summary>
    /// A compose file writes each '$' of a hash as '$$' (compose would interpolate a lone one); the label the node
    /// reads has it unescaped. Written as users write it, started by docker-compose itself.
    /// </summary>
    [DockerFact(Timeout = 180_000)]
    public async Task BasicAuth_ComposeFileWithDoubledDollars_UsersAuthenticate()
    {
        DockerCli.Require();
        var id = Guid.NewGuid().ToString("N")[..8];
        var host = $"compose{id}.localhost";
        var listen = $"127.0.0.1:{FreePort.Next()}";
        var directory = Directory.CreateTempSubdirectory("proxy-basicauth-compose");
        var file = Path.Combine(directory.FullName, "docker-compose.yml");
        static string Escaped(string text) => text.Replace("$", "$$", StringComparison.Ordinal);
        await File.WriteAllTextAsync(file,
            "version: \"2.4\"\n"
            + "services:\n"
            + "  app:\n"
            + "    image: proxy-test-base:latest\n"
            + "    network_mode: host\n"
            + "    stop_signal: SIGQUIT\n"
            + "    volumes:\n"
            + "      - /usr:/usr:ro\n"
            + $"      - {EchoNginx.ConfigFile}:/etc/nginx/nginx.conf:ro\n"
            + "    environment:\n"
            + $"      LISTEN: \"{listen}\"\n"
            + "    entrypoint: [\"/bin/sh\", \"-c\"]\n"
            + $"    command: [\"{Escaped(EchoNginx.Script).Replace("\"", "\\\"", StringComparison.Ordinal)}\"]\n"
            + "    labels:\n"
            + $"      - \"proxy.http.routers.c{id}.rule=Host(`{host}`)\"\n"
            + $"      - \"proxy.http.routers.c{id}.middlewares=c{id}-auth\"\n"
            + $"      - \"proxy.http.services.c{id}.loadbalancer.server.url=http://{listen}\"\n"
            // As users write it: one label, comma separated, every $ doubled.
            + $"      - \"proxy.http.middlewares.c{id}-auth.basicauth.users={Escaped(Alice)},{Escaped(Bob)}\"\n");
        var project = $"proxyauth{id}";
        try
        {
            await DockerCli.ComposeAsync("-p", project, "-f", file, "up", "-d");
            using var node = DockerNode.Start();
            await node.EventuallyAsync(async () => await node.RouterStatusAsync($"c{id}@docker") == "enabled", $"router c{id}@docker", TimeSpan.FromSeconds(30));
            var target = new ParityTarget("docker", node.Web, node.Api, host);

            using var alice = await SendAs(target, "alice", "secret-a");
            using var bob = await SendAs(target, "bob", "secret-b");
            using var wrong = await SendAs(target, "bob", "secret-a");

            Assert.Equal(HttpStatusCode.OK, alice.StatusCode);
            Assert.Equal(HttpStatusCode.OK, bob.StatusCode);
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        }
        finally
        {
            await DockerCli.ComposeAsync("-p", project, "-f", file, "down", "--timeout", "5");
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task BasicAuth_MalformedLine_ErrorNamesLineAndUserNotThePasswordOtherRoutersServe()
    {
        await using var backend = await TestBackend.StartAsync("a", 2);
        var bad = $"    auth:\n      basicAuth:\n        users: [\"{Alice}\", \"mallory:letmein-now\"]\n";
        await using var node = await TestNode.StartAsync(GuardedRouter.Config(backend.Url, bad), "app");

        await MiddlewareErrors.WaitForAsync(node.Api, "auth@file", "basicAuth.users[1]", "user 'mallory': the password is not hashed");
        var errors = await RoutingApi.MiddlewareErrorsAsync(node.Api, "auth@file");
        Assert.DoesNotContain(errors, e => e.Contains("letmein-now", StringComparison.Ordinal));
        Assert.Equal("disabled", await RoutingApi.RouterStatusAsync(node.Api, "guarded@file"));
        Assert.Equal(HttpStatusCode.OK, (await node.Client.GetAsync("/other")).StatusCode);
    }

    [Fact]
    public async Task BasicAuth_UsersFile_ServesItsUsersAndABadFileIsAnErrorNamingFileAndLine()
    {
        await using var backend = await TestBackend.StartAsync("a", 2);
        var directory = Directory.CreateTempSubdirectory("proxy-basicauth");
        try
        {
            var good = Path.Combine(directory.FullName, "users");
            var broken = Path.Combine(directory.FullName, "broken");
            await File.WriteAllTextAsync(good, $"# the team\n{Alice}\n\n{Carol}\n");
            await File.WriteAllTextAsync(broken, $"{Alice}\ndave:dZvtGDM7Z4cUk\n");
            var middlewares =
                $"    auth:\n      basicAuth:\n        usersFile: {good}\n        users: [\"{Bob}\"]\n"
                + $"    broken:\n      basicAuth:\n        usersFile: {broken}\n";
            var yaml = GuardedRouter.Config(backend.Url, middlewares)
                .Replace("  services:\n", "    brokenRoute:\n      rule: \"PathPrefix(`/broken`)\"\n      service: app\n      middlewares: [broken]\n  services:\n", StringComparison.Ordinal);
            await using var node = await TestNode.StartAsync(yaml, "app", "guarded");

            using var fromFile = await SendAs(node.Client, "/guarded", "carol", "secret-c");
            using var inline = await SendAs(node.Client, "/guarded", "bob", "secret-b");
            Assert.Equal(HttpStatusCode.OK, fromFile.StatusCode);
            Assert.Equal(HttpStatusCode.OK, inline.StatusCode);

            await MiddlewareErrors.WaitForAsync(node.Api, "broken@file", "basicAuth.usersFile", $"usersFile '{broken}' line 2: user 'dave': crypt(3) DES hashes are not accepted");
            Assert.Equal("disabled", await RoutingApi.RouterStatusAsync(node.Api, "brokenRoute@file"));
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task BasicAuth_Api_ShowsUserNamesNeverHashes()
    {
        await using var backend = await TestBackend.StartAsync("a", 2);
        await using var node = await TestNode.StartAsync(GuardedRouter.Config(backend.Url, $"    auth:\n      basicAuth:\n        users: [\"{Alice}\", \"{Carol}\"]\n"), "app", "guarded");

        var shown = await node.Api.GetStringAsync("/api/http/middlewares/auth@file");

        Assert.Contains("alice:[redacted]", shown, StringComparison.Ordinal);
        Assert.Contains("carol:[redacted]", shown, StringComparison.Ordinal);
        Assert.DoesNotContain("jRqOE0", shown, StringComparison.Ordinal);
        Assert.DoesNotContain("glx5V", shown, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("realm: \"a\\\"b\"\n        users: [\"" + Bob + "\"]", "basicAuth.realm", "must not contain")]
    [InlineData("headerField: \"X User\"\n        users: [\"" + Bob + "\"]", "basicAuth.headerField", "is not a valid header name")]
    [InlineData("realm: staff", "basicAuth", "needs users or usersFile")]
    public async Task BasicAuth_BadValue_ErrorOnThatMiddleware(string options, string field, string problem)
    {
        await using var backend = await TestBackend.StartAsync("a", 2);
        await using var node = await TestNode.StartAsync(GuardedRouter.Config(backend.Url, $"    auth:\n      basicAuth:\n        {options}\n"), "app");

        await MiddlewareErrors.WaitForAsync(node.Api, "auth@file", field, problem);
        Assert.Equal(HttpStatusCode.OK, (await node.Client.GetAsync("/other")).StatusCode);
    }

    /// <summary>
    /// bcrypt at cost 12 takes a few hundred milliseconds; a client that sends the same credentials pays it once.
    /// Before the cache each of the ten requests paid it, which this measures against the first.
    /// </summary>
    [Fact]
    public async Task BasicAuth_SameCredentialsAgain_CheckedFromTheCacheNotByBcrypt()
    {
        var hash = BCrypt.Net.BCrypt.HashPassword("slow-secret", workFactor: 12).Replace("$2a$", "$2y$", StringComparison.Ordinal);
        await using var backend = await TestBackend.StartAsync("a", 2);
        await using var node = await TestNode.StartAsync(GuardedRouter.Config(backend.Url, $"    auth:\n      basicAuth:\n        users: [\"erin:{hash}\"]\n"), "app", "guarded");

        var first = Stopwatch.StartNew();
        using (var response = await SendAs(node.Client, "/guarded", "erin", "slow-secret"))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        first.Stop();
        var again = Stopwatch.StartNew();
        for (var i = 0; i < 10; i++)
        {
            using var response = await SendAs(node.Client, "/guarded", "erin", "slow-secret");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        again.Stop();
        Assert.True(again.Elapsed < first.Elapsed * 3, $"ten cached checks took {again.ElapsedMilliseconds} ms, the first (bcrypt) {first.ElapsedMilliseconds} ms");

        // A wrong password is never remembered: it pays bcrypt each time.
        var wrong = Stopwatch.StartNew();
        for (var i = 0; i < 2; i++)
        {
            using var response = await SendAs(node.Client, "/guarded", "erin", "slow-secreT");
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }

        wrong.Stop();
        Assert.True(wrong.Elapsed > first.Elapsed / 2, $"two wrong passwords took {wrong.ElapsedMilliseconds} ms, less than one bcrypt check ({first.ElapsedMilliseconds} ms)");
    }

    /// <summary>The user basicAuth let in is the access log's user, checked or remembered; a refused one is not.</summary>
    [Fact]
    public async Task BasicAuth_AccessLog_UserFieldIsTheUserLetIn()
    {
        await using var backend = await TestBackend.StartAsync("a", 2);
        var path = Path.Combine(Directory.CreateTempSubdirectory("proxy-it-accesslog-").FullName, "access.log");
        await using (var node = await TestNode.StartAsync(
            GuardedRouter.Config(backend.Url, $"    auth:\n      basicAuth:\n        users: [\"{Bob}\"]\n"), ["app", "guarded"], ["--accesslog=true", $"--accesslog.filepath={path}"]))
        {
            foreach (var (password, status) in (ValueTuple<string, HttpStatusCode>[])[("secret-b", HttpStatusCode.OK), ("secret-b", HttpStatusCode.OK), ("wrong", HttpStatusCode.Unauthorized)])
            {
                using var response = await SendAs(node.Client, "/guarded", "bob", password);
                Assert.Equal(status, response.StatusCode);
            }
        }

        var lines = await File.ReadAllLinesAsync(path);
        Assert.Equal(3, lines.Length);
        Assert.StartsWith("127.0.0.1 - bob [", lines[0], StringComparison.Ordinal);
        Assert.StartsWith("127.0.0.1 - bob [", lines[1], StringComparison.Ordinal);
        Assert.StartsWith("127.0.0.1 - - [", lines[2], StringComparison.Ordinal);
    }

    /// <summary>An unknown user pays a bcrypt check of the same cost as a known one: the 401's timing names no user.</summary>
    [Fact]
    public async Task BasicAuth_UnknownUser_CostsAsMuchAsAKnownUsersWrongPassword()
    {
        var hash = BCrypt.Net.BCrypt.HashPassword("slow-secret", workFactor: 12).Replace("$2a$", "$2y$", StringComparison.Ordinal);
        await using var backend = await TestBackend.StartAsync("a", 2);
        await using var node = await TestNode.StartAsync(GuardedRouter.Config(backend.Url, $"    auth:\n      basicAuth:\n        users: [\"erin:{hash}\"]\n"), "app", "guarded");
        (await node.Client.GetAsync("/guarded")).Dispose();

        var known = Stopwatch.StartNew();
        using (var response = await SendAs(node.Client, "/guarded", "erin", "wrong"))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }

        known.Stop();
        var unknown = Stopwatch.StartNew();
        using (var response = await SendAs(node.Client, "/guarded", "mallory", "wrong"))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }

        unknown.Stop();
        Assert.True(unknown.Elapsed > known.Elapsed / 2, $"an unknown user took {unknown.ElapsedMilliseconds} ms, a known one with a wrong password {known.ElapsedMilliseconds} ms");
    }

    private static AuthenticationHeaderValue BasicHeader(string user, string password) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));

    private static Task<HttpResponseMessage> SendAs(ParityTarget target, string user, string password) =>
        target.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/page") { Headers = { Authorization = BasicHeader(user, password) } });

    private static Task<HttpResponseMessage> SendAs(HttpClient client, string path, string user, string password) =>
        client.SendAsync(new HttpRequestMessage(HttpMethod.Get, path) { Headers = { Authorization = BasicHeader(user, password) } });

    private static string? Echo(HttpResponseMessage response, string header) =>
        response.Headers.TryGetValues(EchoNginx.Echoed(header), out var values) ? string.Join(",", values) : null;
}
