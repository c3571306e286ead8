using static Proxy.Node.Tests.Integration.ClusterRouteVariants;

namespace Proxy.Node.Tests.Integration;

/// <summary>
/// --management.token on a real node, on the API listener and on --management.address: no way of
/// writing a cluster route reaches its handler without the token, and with it every one that
/// routes does (so the variants are real routes, not 404s that pass by accident).
/// </summary>
[Collection(IntegrationCollection.Name)]
public sealed class ClusterTokenTests
{
    private const string Token = "s3cret-token";

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ClusterRoutes_TokenSetEveryVariantWithoutToken_401AndNeverTheHandler(bool management)
    {
        await using var node = await ClusterApiNode.StartAsync(management, $"--management.token={Token}");
        var failures = new List<string>();
        foreach (var variant in Mutations.Concat(Reads))
        {
            var anonymous = await SendAsync(node, variant, null);
            var expected = variant.Routes ? 401 : 404;
            if (anonymous.Status != expected || FromHandler(anonymous))
            {
                failures.Add($"{variant} without a token: {anonymous.Status} {anonymous.Body} (expected {expected}, never the handler)");
            }

            var authorised = await SendAsync(node, variant, $"Bearer {Token}");
            if (FromHandler(authorised) != variant.Routes)
            {
                failures.Add($"{variant} with the token: {authorised.Status} {authorised.Body} (expected {(variant.Routes ? "the handler" : "no route")})");
            }
        }

        Assert.True(failures.Count == 0, string.Join('\n', failures));
    }

    [Theory]
    [InlineData("Bearer wrong-token!")]
    [InlineData("Bearer s3cret-toke")]
    [InlineData("Bearer s3cret-token-and-more")]
    [InlineData("Basic czNjcmV0LXRva2Vu")]
    [InlineData("s3cret-token")]
    [InlineData("Bearer")]
    public async Task MembersRoute_WrongCredentials_401WithTheHeaderToSend(string authorization)
    {
        await using var node = await ClusterApiNode.StartAsync(false, $"--management.token={Token}");

        var response = await RawHttp.SendAsync(node.ApiPort, "GET", "/cluster/members", $"127.0.0.1:{node.ApiPort}", [$"Authorization: {authorization}"]);

        Assert.Equal(401, response.Status);
        Assert.Equal("Bearer", response.Headers["WWW-Authenticate"]);
        Assert.Contains("Authorization: Bearer <management.token>", response.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MembersRoute_SchemeInAnyCase_Served()
    {
        await using var node = await ClusterApiNode.StartAsync(false, $"--management.token={Token}");

        var response = await RawHttp.SendAsync(node.ApiPort, "GET", "/cluster/members", $"127.0.0.1:{node.ApiPort}", [$"Authorization: bEARER {Token}"]);

        Assert.Equal(200, response.Status);
        Assert.Contains("\"selfNode\"", response.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Probes_TokenSet_OpenWithoutIt()
    {
        await using var node = await ClusterApiNode.StartAsync(true, $"--management.token={Token}");

        foreach (var (port, path) in new[] { (node.ClusterPort, "/ready"), (node.ClusterPort, "/alive"), (node.ApiPort, "/ping"), (node.ApiPort, "/api/overview") })
        {
            var response = await RawHttp.SendAsync(port, "GET", path, $"127.0.0.1:{port}");
            Assert.True(response.Status == 200, $"{path} on {port}: {response.Status} {response.Body}");
        }
    }

    internal static Task<RawHttp.Response> SendAsync(ClusterApiNode node, Variant variant, string? authorization) =>
        RawHttp.SendAsync(
            node.ClusterPort,
            variant.Method,
            variant.Target,
            $"127.0.0.1:{node.ClusterPort}",
            authorization is null ? [] : [$"Authorization: {authorization}"],
            variant.Form);
}
