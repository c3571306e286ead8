using Proxy.Node.Hosting;
using Xunit;

namespace Proxy.Node.Tests.Hosting;

public sealed class EntryPointTlsOptionsTests
{
    private static StaticConfigResult Load(string[] args, Dictionary<string, string>? environment = null, string? yaml = null) =>
        StaticConfigLoader.Load(args, environment ?? [], path => yaml ?? throw new FileNotFoundException(path));

    private static StaticConfig Valid(StaticConfigResult result)
    {
        Assert.True(result.IsValid, result.RenderErrors());
        return result.Config!;
    }

    [Fact]
    public void Load_NoTlsOptions_EntryPointMakesNoTlsRouters()
    {
        Assert.Null(Valid(Load([])).EntryPoints["web"].Tls);
    }

    [Fact]
    public void Load_TlsTrue_DefaultsWithNothingSet()
    {
        var tls = Valid(Load(["--entrypoints.web.http.tls=true"])).EntryPoints["web"].Tls;

        Assert.NotNull(tls);
        Assert.Null(tls.Options);
        Assert.Null(tls.CertResolver);
    }

    [Fact]
    public void Load_CertResolverAlone_TurnsTlsOn()
    {
        var tls = Valid(Load(["--entrypoints.web.http.tls.certresolver=le", "--entrypoints.web.http.tls.options=modern@file"])).EntryPoints["web"].Tls;

        Assert.Equal("le", tls?.CertResolver);
        Assert.Equal("modern@file", tls?.Options);
    }

    [Fact]
    public void Load_TlsFalseWithOptions_Off()
    {
        Assert.Null(Valid(Load(["--entrypoints.web.http.tls=false", "--entrypoints.web.http.tls.options=modern"])).EntryPoints["web"].Tls);
    }

    [Fact]
    public void Load_Environment_Read()
    {
        var tls = Valid(Load([], new() { ["PROXY_ENTRYPOINTS_WEB_HTTP_TLS_CERTRESOLVER"] = "le" })).EntryPoints["web"].Tls;

        Assert.Equal("le", tls?.CertResolver);
    }

    [Theory]
    [InlineData("entryPoints:\n  web:\n    address: \":8000\"\n    http:\n      tls: {}\n", null)]
    [InlineData("entryPoints:\n  web:\n    address: \":8000\"\n    http:\n      tls:\n        certResolver: le\n", "le")]
    public void Load_Yaml_EmptySectionOrField_TurnsTlsOn(string yaml, string? resolver)
    {
        var tls = Valid(Load(["--configfile=static.yml"], yaml: yaml)).EntryPoints["web"].Tls;

        Assert.NotNull(tls);
        Assert.Equal(resolver, tls.CertResolver);
    }

    [Fact]
    public void Load_TlsOnEntryPointWithoutAddress_Error()
    {
        var result = Load(["--entrypoints.websecure.http.tls=true"]);

        Assert.False(result.IsValid);
        Assert.Contains("entrypoint websecure has no address", result.RenderErrors());
    }

    [Fact]
    public void Load_DomainsByFlags_InIndexOrderAndTurnTlsOn()
    {
        var tls = Valid(Load(
        [
            "--entrypoints.web.http.tls.domains[1].main=other.test",
            "--entrypoints.web.http.tls.domains[0].main=example.test",
            "--entrypoints.web.http.tls.domains[0].sans=www.example.test,*.example.test",
        ])).EntryPoints["web"].Tls;

        Assert.NotNull(tls);
        Assert.Equal(["example.test", "other.test"], tls.Domains.Select(d => d.Main));
        Assert.Equal<string>(["www.example.test", "*.example.test"], tls.Domains[0].Sans);
        Assert.Empty(tls.Domains[1].Sans);
    }

    [Fact]
    public void Load_DomainsByEnvironment_Read()
    {
        var tls = Valid(Load([], new()
        {
            ["PROXY_ENTRYPOINTS_WEB_HTTP_TLS_DOMAINS_0_MAIN"] = "example.test",
            ["PROXY_ENTRYPOINTS_WEB_HTTP_TLS_DOMAINS_0_SANS"] = "a.example.test",
        })).EntryPoints["web"].Tls;

        Assert.Equal("example.test", tls?.Domains.Single().Main);
        Assert.Equal<string>(["a.example.test"], tls!.Domains[0].Sans);
    }

    [Fact]
    public void Load_DomainsByYaml_ListOfObjects()
    {
        const string yaml =
            "entryPoints:\n  web:\n    address: \":8000\"\n    http:\n      tls:\n        domains:\n"
            + "          - main: example.test\n            sans: [\"*.example.test\"]\n          - main: other.test\n";

        var tls = Valid(Load(["--configfile=static.yml"], yaml: yaml)).EntryPoints["web"].Tls;

        Assert.Equal(["example.test", "other.test"], tls!.Domains.Select(d => d.Main));
        Assert.Equal<string>(["*.example.test"], tls.Domains[0].Sans);
    }

    [Theory]
    [InlineData("--entrypoints.web.http.tls.domains[0].main=bad_name", "invalid value \"bad_name\" for --entrypoints.web.http.tls.domains[0].main")]
    [InlineData("--entrypoints.web.http.tls.domains[0].sans=a.test", "--entrypoints.web.http.tls.domains[0].sans is set but domain 0 of entrypoint web has no main domain: give --entrypoints.web.http.tls.domains[0].main")]
    [InlineData("--entrypoints.web.http.tls.domains[100].main=a.test", "unknown option --entrypoints.web.http.tls.domains[100].main")]
    public void Load_BadDomain_ErrorNamesTheOption(string flag, string expected)
    {
        var result = Load([flag]);

        Assert.False(result.IsValid);
        Assert.Contains(expected, result.RenderErrors());
    }
}
