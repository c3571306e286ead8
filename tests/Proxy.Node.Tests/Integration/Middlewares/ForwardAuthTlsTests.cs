using System.Net;
using System.Text.Json;
using Proxy.Node.Tests.Integration.Docker;
using Proxy.Node.Tests.Integration.Https;

namespace Proxy.Node.Tests.Integration.Middlewares;

/// <summary>
/// forwardAuth's <c>tls</c> (Traefik's ClientTLS) against real HTTPS auth servers on loopback, with certificates of a
/// test CA written as PEM files, and <c>headerField</c> in the access log.
/// </summary>
[Collection(IntegrationCollection.Name)]
public sealed class ForwardAuthTlsTests
{
    [Fact]
    public async Task ForwardAuth_TlsCa_TrustsTheCaFileOnlyAWrongCaIs500()
    {
        using var lab = new HttpsLab();
        using var other = new HttpsLab("Another CA");
        await using var auth = await AuthServer.StartAsync(50, lab.ServerForAddress("auth", IPAddress.Parse("127.0.0.50")));
        await using var backend = await TestBackend.StartAsync("a", 2);
        var middlewares =
            Middleware("right", auth.Url, $"ca: {lab.CaFile}")
            + Middleware("wrong", auth.Url, $"ca: {other.CaFile}")
            + Middleware("none", auth.Url)
            + Middleware("insecure", auth.Url, "insecureSkipVerify: true");
        await using var node = await TestNode.StartAsync(Config(backend.Url, middlewares, "right", "wrong", "none", "insecure"), "app", "right", "wrong", "none", "insecure");

        using var trusted = await node.Client.GetAsync("/right/ok");
        Assert.Equal(HttpStatusCode.OK, trusted.StatusCode);
        Assert.Equal("alice", backend.Received.Last().Headers["X-Auth-User"]);
        Assert.Equal("/right/ok", auth.Last.Headers["X-Forwarded-Uri"]);

        // Another CA's file, or the node's own trust (which has not the test CA): the handshake is refused, the
        // client gets the middleware's 500, the backend is not asked and the node serves on.
        var asked = auth.Questions.Count;
        backend.ResetCounts();
        foreach (var refused in (string[])["/wrong/ok", "/none/ok"])
        {
            using var response = await node.Client.GetAsync(refused);
            Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        }

        Assert.Equal(asked, auth.Questions.Count);
        Assert.Empty(backend.Received);
        Assert.Equal(HttpStatusCode.OK, (await node.Client.GetAsync("/other")).StatusCode);

        // insecureSkipVerify: any certificate.
        using var insecure = await node.Client.GetAsync("/insecure/ok");
        Assert.Equal(HttpStatusCode.OK, insecure.StatusCode);
        Assert.Equal("alice", backend.Received.Last().Headers["X-Auth-User"]);
    }

    [Fact]
    public async Task ForwardAuth_TlsClientCertificate_ServerRequiringMtlsLetsOnlyItsCasCertificateIn()
    {
        using var lab = new HttpsLab();
        using var other = new HttpsLab("Another CA");
        await using var auth = await AuthServer.StartAsync(51, lab.ServerForAddress("auth", IPAddress.Parse("127.0.0.51")), clientCa: lab.Ca);
        await using var backend = await TestBackend.StartAsync("a", 2);
        var (cert, key) = lab.Client("node-client");
        var (foreignCert, foreignKey) = lab.Client("foreign-client", issuer: other);
        var middlewares =
            Middleware("mtls", auth.Url, $"ca: {lab.CaFile}", $"cert: {cert}", $"key: {key}")
            + Middleware("nocert", auth.Url, $"ca: {lab.CaFile}")
            + Middleware("foreign", auth.Url, $"ca: {lab.CaFile}", $"cert: {foreignCert}", $"key: {foreignKey}");
        await using var node = await TestNode.StartAsync(Config(backend.Url, middlewares, "mtls", "nocert", "foreign"), "app", "mtls", "nocert", "foreign");

        using var shown = await node.Client.GetAsync("/mtls/ok");
        Assert.Equal(HttpStatusCode.OK, shown.StatusCode);
        Assert.Equal("alice", backend.Received.Last().Headers["X-Auth-User"]);
        Assert.Equal("CN=node-client", auth.Last.ClientCertificate);

        var asked = auth.Questions.Count;
        foreach (var refused in (string[])["/nocert/ok", "/foreign/ok"])
        {
            using var response = await node.Client.GetAsync(refused);
            Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        }

        Assert.Equal(asked, auth.Questions.Count);
        Assert.Equal(HttpStatusCode.OK, (await node.Client.GetAsync("/other")).StatusCode);
    }

    /// <summary>tls.ca from labels as from YAML (a client certificate and key cannot come from labels: NodeFileLabels).</summary>
    [DockerFact(Timeout = 180_000)]
    public async Task ForwardAuth_TlsCaFromLabelsAndFromYaml_SameAnswers()
    {
        using var lab = new HttpsLab();
        await using var auth = await AuthServer.StartAsync(52, lab.ServerForAddress("auth", IPAddress.Parse("127.0.0.52")));
        await BothProviders.CheckAsync(
            "forwardAuth:\n"
            + $"  address: \"{auth.Url}\"\n"
            + "  authResponseHeaders: [X-Auth-User]\n"
            + $"  tls:\n    ca: {lab.CaFile}\n",
            [
                $"forwardauth.address={auth.Url}",
                "forwardauth.authresponseheaders=X-Auth-User",
                $"forwardauth.tls.ca={lab.CaFile}",
            ],
            async target =>
            {
                using var ok = await target.GetAsync("/ok");
                Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
                Assert.Equal("alice", Echo(ok, "Auth-User"));

                using var denied = await target.GetAsync("/private");
                Assert.Equal(HttpStatusCode.Forbidden, denied.StatusCode);
            });
    }

    [Fact]
    public async Task ForwardAuth_TlsBadFiles_ErrorNamesTheOptionAndTheFileOtherRoutersServe()
    {
        using var lab = new HttpsLab();
        var (cert, key) = lab.Client("node-client");
        var (_, otherKey) = lab.Client("someone-else");
        var notPem = Path.Combine(lab.Directory, "not.pem");
        await File.WriteAllTextAsync(notPem, "not a certificate");
        var missing = Path.Combine(lab.Directory, "missing.pem");
        await using var backend = await TestBackend.StartAsync("a", 2);
        var middlewares =
            Middleware("missingca", "https://127.0.0.1/", $"ca: {missing}")
            + Middleware("notpem", "https://127.0.0.1/", $"ca: {notPem}")
            + Middleware("alone", "https://127.0.0.1/", $"cert: {cert}")
            + Middleware("mismatch", "https://127.0.0.1/", $"cert: {cert}", $"key: {otherKey}")
            + Middleware("nokey", "https://127.0.0.1/", $"cert: {cert}", $"key: {notPem}")
            + Middleware("inline", "https://127.0.0.1/", "ca: \"-----BEGIN CERTIFICATE-----\"")
            + Middleware("good", "https://127.0.0.1/", $"cert: {cert}", $"key: {key}");
        await using var node = await TestNode.StartAsync(
            Config(backend.Url, middlewares, "missingca", "notpem", "alone", "mismatch", "nokey", "inline", "good"), "app", "good");

        await MiddlewareErrors.WaitForAsync(node.Api, "missingca@file", "forwardAuth.tls.ca", $"cannot read '{missing}' on this node: no such file");
        await MiddlewareErrors.WaitForAsync(node.Api, "notpem@file", "forwardAuth.tls.ca", $"'{notPem}' holds no PEM certificate");
        await MiddlewareErrors.WaitForAsync(node.Api, "alone@file", "forwardAuth.tls.key", "cert and key go together");
        await MiddlewareErrors.WaitForAsync(node.Api, "mismatch@file", "forwardAuth.tls.key", $"the key in '{otherKey}' does not match the certificate in '{cert}'");
        await MiddlewareErrors.WaitForAsync(node.Api, "nokey@file", "forwardAuth.tls.key", $"'{notPem}' holds no PEM RSA or ECDSA private key");
        await MiddlewareErrors.WaitForAsync(node.Api, "inline@file", "forwardAuth.tls.ca", "takes the path of a PEM file, not the PEM text itself");
        foreach (var broken in (string[])["missingca", "notpem", "alone", "mismatch", "nokey", "inline"])
        {
            Assert.Equal("disabled", await RoutingApi.RouterStatusAsync(node.Api, $"{broken}@file"));
        }

        Assert.Equal(HttpStatusCode.OK, (await node.Client.GetAsync("/other")).StatusCode);
    }

    [Fact]
    public async Task ForwardAuth_HeaderField_AccessLogNamesTheUserTheAuthServerAnswered()
    {
        await using var auth = await AuthServer.StartAsync(53);
        await using var backend = await TestBackend.StartAsync("a", 2);
        var path = Path.Combine(Directory.CreateTempSubdirectory("proxy-it-accesslog-").FullName, "access.log");
        var middlewares = Middleware("named", auth.Url, "%headerField: X-Auth-User") + Middleware("unnamed", auth.Url);
        await using (var node = await TestNode.StartAsync(
            Config(backend.Url, middlewares, "named", "unnamed"), ["app", "named", "unnamed"], ["--accesslog=true", $"--accesslog.filepath={path}", "--accesslog.format=json"]))
        {
            Assert.Equal(HttpStatusCode.OK, (await node.Client.GetAsync("/named/ok")).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await node.Client.GetAsync("/unnamed/ok")).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await node.Client.GetAsync("/named/anonymous")).StatusCode);
        }

        var users = (await File.ReadAllLinesAsync(path))
            .Select(l => JsonDocument.Parse(l).RootElement)
            .ToDictionary(d => d.GetProperty("RequestPath").GetString()!, d => d.GetProperty("ClientUsername").GetString());
        Assert.Equal("alice", users["/named/ok"]);
        Assert.Equal("-", users["/unnamed/ok"]);
        Assert.Equal("-", users["/named/anonymous"]);
    }

    /// <summary>A forwardAuth middleware named <paramref name="name"/>; options starting with <c>%</c> go beside address, the rest under tls.</summary>
    private static string Middleware(string name, string address, params string[] options)
    {
        var own = options.Where(o => o.StartsWith('%')).Select(o => $"        {o[1..]}\n");
        var tls = options.Where(o => !o.StartsWith('%')).Select(o => $"          {o}\n").ToArray();
        return $"    {name}:\n      forwardAuth:\n        address: \"{address}\"\n        authResponseHeaders: [X-Auth-User]\n"
            + string.Concat(own)
            + (tls.Length == 0 ? string.Empty : "        tls:\n" + string.Concat(tls));
    }

    /// <summary>Router <c>app</c> on /other, and one router per middleware on /name, all to the backend.</summary>
    private static string Config(string backendUrl, string middlewares, params string[] guarded) =>
        "http:\n"
        + "  routers:\n"
        + "    app:\n"
        + "      rule: \"PathPrefix(`/other`)\"\n"
        + "      service: app\n"
        + string.Concat(guarded.Select(name =>
            $"    {name}:\n      rule: \"PathPrefix(`/{name}`)\"\n      service: app\n      middlewares: [{name}]\n"))
        + "  services:\n"
        + "    app:\n"
        + "      loadBalancer:\n"
        + Yaml.Servers(backendUrl)
        + "  middlewares:\n"
        + middlewares;

    private static string? Echo(HttpResponseMessage response, string header) =>
        response.Headers.TryGetValues(EchoNginx.Echoed(header), out var values) ? string.Join(",", values) : null;
}
