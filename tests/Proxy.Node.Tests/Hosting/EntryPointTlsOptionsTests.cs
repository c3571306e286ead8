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
}
