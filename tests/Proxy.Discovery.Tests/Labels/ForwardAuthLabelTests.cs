using Proxy.Actors.Model.Config;
using Proxy.Discovery.Labels;
using Proxy.Discovery.Tests.Docker;
using Xunit;

namespace Proxy.Discovery.Tests.Labels;

/// <summary>A container's labels cannot make the node present a client key it holds as a file; a CA file is allowed.</summary>
public sealed class ForwardAuthLabelTests
{
    private static LabelParseResult Parse(params (string Key, string Value)[] labels) =>
        LabelParser.Parse(Containers.Labels(labels), "traefik");

    [Theory]
    [InlineData("cert")]
    [InlineData("key")]
    public void Parse_ForwardAuthClientCertificateFile_MiddlewareLeftOutWithTheLabelNamed(string option)
    {
        var result = Parse(
            ("traefik.http.middlewares.sso.forwardauth.address", "https://auth.example.test/check"),
            ($"traefik.http.middlewares.sso.forwardauth.tls.{option}", "/etc/proxy/docker/key.pem"),
            ("traefik.http.middlewares.other.stripprefix.prefixes", "/api"));

        var problem = Assert.Single(result.Problems);
        Assert.Equal($"traefik.http.middlewares.sso.forwardauth.tls.{option}", problem.Label);
        Assert.Equal($"http.middlewares.sso.forwardAuth.tls.{option}", problem.Path);
        Assert.Contains("cannot come from a container's labels", problem.Problem, StringComparison.Ordinal);
        Assert.Contains("'sso@file'", problem.Problem, StringComparison.Ordinal);
        Assert.False(problem.LeavesOutContainer);
        Assert.False(result.Config.Config.Middlewares.ContainsKey("sso"));
        Assert.True(result.Config.Config.Middlewares.ContainsKey("other"));
    }

    [Fact]
    public void Parse_ForwardAuthCaFile_Kept()
    {
        var result = Parse(
            ("traefik.http.middlewares.sso.forwardauth.address", "https://auth.example.test/check"),
            ("traefik.http.middlewares.sso.forwardauth.tls.ca", "/certs/auth-ca.pem"));

        Assert.Empty(result.Problems);
        Assert.Equal("/certs/auth-ca.pem", result.Config.Config.Middlewares["sso"].Get<ForwardAuthConfig>()!.Tls!.Ca);
    }
}
