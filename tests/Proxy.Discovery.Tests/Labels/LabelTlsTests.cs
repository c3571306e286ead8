using Proxy.Actors.Model.Config;
using Proxy.Discovery.Labels;
using Proxy.Discovery.Tests.Docker;
using Xunit;

namespace Proxy.Discovery.Tests.Labels;

/// <summary>A router's TLS labels, as Traefik writes them.</summary>
public sealed class LabelTlsTests
{
    private static LabelParseResult Parse(params (string Key, string Value)[] labels) =>
        LabelParser.Parse(Containers.Labels([("proxy.http.routers.r.rule", "Host(`a.com`)"), .. labels]), "proxy");

    private static RouterTlsConfig? TlsOf(LabelParseResult result)
    {
        Assert.Equal(Array.Empty<LabelProblem>(), result.Problems.ToArray());
        return result.Config.Config.Routers["r"].Tls;
    }

    [Theory]
    [InlineData("true")]
    [InlineData("True")]
    [InlineData(" true ")]
    public void Parse_TlsTrue_TlsRouterWithDefaults(string value)
    {
        Assert.Equal(RouterTlsConfig.Empty, TlsOf(Parse(("proxy.http.routers.r.tls", value))));
    }

    [Fact]
    public void Parse_TlsFalse_NoTls()
    {
        Assert.Null(TlsOf(Parse(("proxy.http.routers.r.tls", "false"))));
    }

    [Fact]
    public void Parse_NoTlsLabel_NoTls()
    {
        Assert.Null(TlsOf(Parse()));
    }

    [Fact]
    public void Parse_EveryRouterTlsLabel_ReadsIntoRouter()
    {
        var tls = TlsOf(Parse(
            ("proxy.http.routers.r.tls", "true"),
            ("proxy.http.routers.r.tls.certresolver", "le"),
            ("proxy.http.routers.r.tls.options", "modern@file"),
            ("proxy.http.routers.r.tls.domains[0].main", "example.com"),
            ("proxy.http.routers.r.tls.domains[0].sans", "www.example.com, *.shop.example.com"),
            ("proxy.http.routers.r.tls.domains[1].main", "example.org")))!;

        Assert.Equal(("le", "modern@file"), (tls.CertResolver, tls.Options));
        Assert.Equal(2, tls.Domains.Length);
        Assert.Equal("example.com", tls.Domains[0].Main);
        Assert.Equal<string>(["www.example.com", "*.shop.example.com"], tls.Domains[0].Sans.ToArray());
        Assert.Equal("example.org", tls.Domains[1].Main);
        Assert.True(tls.Domains[1].Sans.IsDefaultOrEmpty);
    }

    [Fact]
    public void Parse_CertResolverWithoutTlsTrue_TlsRouter()
    {
        Assert.Equal("le", TlsOf(Parse(("proxy.http.routers.r.tls.certresolver", "le")))!.CertResolver);
    }

    [Fact]
    public void Parse_TlsFalseBesideKeysBelowIt_ReportedAsBothShapes()
    {
        var result = Parse(("proxy.http.routers.r.tls", "false"), ("proxy.http.routers.r.tls.certresolver", "le"));

        var problem = Assert.Single(result.Problems);
        Assert.Equal("http.routers.r.tls", problem.Path);
        Assert.Contains("gives it a value and label proxy.http.routers.r.tls.certresolver gives keys below it", problem.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_SansAsIndexedItems_SameAsCommaList()
    {
        var tls = TlsOf(Parse(
            ("proxy.http.routers.r.tls.domains[0].main", "example.com"),
            ("proxy.http.routers.r.tls.domains[0].sans[0]", "a.example.com"),
            ("proxy.http.routers.r.tls.domains[0].sans[1]", "b.example.com")))!;

        Assert.Equal<string>(["a.example.com", "b.example.com"], tls.Domains[0].Sans.ToArray());
    }
}
