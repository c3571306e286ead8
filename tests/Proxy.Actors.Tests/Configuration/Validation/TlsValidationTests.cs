using Proxy.Actors.Model.Config;
using Xunit;
using static Proxy.Actors.Tests.Model.Configs;

namespace Proxy.Actors.Tests.Configuration.Validation;

public sealed class TlsValidationTests
{
    private static DynamicConfig WithTls(TlsConfig tls, RouterTlsConfig? routerTls = null) =>
        Dynamic(
            routers: [("r", Router() with { Tls = routerTls })],
            services: [("svc", Service("http://127.0.0.1:8081"))],
            middlewares: []) with { Tls = tls };

    [Fact]
    public void Validate_OptionsGivenNothing_TraefiksDefaultsFilledIn()
    {
        var tls = TlsConfig.Empty with { Options = TlsConfig.Empty.Options.Add("modern", TlsOptionsConfig.Empty with { ClientAuth = ClientAuthConfig.Empty }) };

        var result = Validation.Run(Validation.Provider("file", WithTls(tls, RouterTlsConfig.Empty with { Options = "modern" })));

        Assert.Empty(result.View.AllErrors);
        Assert.Contains("r@file", result.Routers.Keys);
        var options = result.Tls.Options["modern@file"];
        Assert.Equal("VersionTLS12", options.MinVersion);
        Assert.Null(options.MaxVersion);
        Assert.Equal<string>(["h2", "http/1.1"], options.AlpnProtocols.ToArray());
        Assert.False(options.SniStrict);
        Assert.Equal("NoClientCert", options.ClientAuth!.ClientAuthType);
    }

    [Theory]
    [InlineData("default")]
    [InlineData("default@file")]
    [InlineData("default@docker")]
    public void Validate_RouterUsingDefaultOptionsNoProviderDeclares_Serves(string options)
    {
        var result = Validation.Run(Validation.Provider("file", WithTls(TlsConfig.Empty, RouterTlsConfig.Empty with { Options = options })));

        Assert.Empty(result.View.AllErrors);
        Assert.Contains("r@file", result.Routers.Keys);
    }

    [Fact]
    public void Validate_OptionsOfAnotherProvider_FoundByQualifiedName()
    {
        var file = Validation.Provider("file", Dynamic([], [], []) with
        {
            Tls = TlsConfig.Empty with { Options = TlsConfig.Empty.Options.Add("modern", TlsOptionsConfig.Empty) },
        });
        var docker = Validation.Provider("docker", WithTls(TlsConfig.Empty, RouterTlsConfig.Empty with { Options = "modern@file" }) with { Tls = null });

        var result = Validation.Run(file, docker);

        Assert.Empty(result.View.AllErrors);
        Assert.Contains("r@docker", result.Routers.Keys);
    }

    [Fact]
    public void Validate_OneBadOptionsEntry_OthersAndCertificatesKept()
    {
        var tls = new TlsConfig(
            [new TlsCertificateConfig("/a.pem", "/a.key", []), new TlsCertificateConfig(null, "/b.key", []), new TlsCertificateConfig("/c.pem", "/c.key", ["default"])],
            TlsConfig.Empty.Options
                .Add("bad", TlsOptionsConfig.Empty with { SniStrict = true, MinVersion = "VersionTLS9" })
                .Add("good", TlsOptionsConfig.Empty with { SniStrict = true, CipherSuites = ["TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305", "TLS_AES_128_GCM_SHA256"] }),
            TlsConfig.Empty.Stores.Add("default", new TlsStoreConfig(new TlsCertificateFilesConfig("/d.pem", "/d.key"))));

        var result = Validation.Run(Validation.Provider("file", WithTls(tls)));

        Assert.Equal(["good@file"], result.Tls.Options.Keys);
        Assert.True(result.Tls.Options["good@file"].SniStrict);
        Assert.Equal(
            [("tls.certificates[0]", "/a.pem"), ("tls.certificates[2]", "/c.pem")],
            result.Tls.Certificates.Select(c => (c.Path, c.CertFile)));
        Assert.Equal(("tls.stores.default.defaultCertificate", "/d.pem", "/d.key"), (result.Tls.DefaultCertificate!.Path, result.Tls.DefaultCertificate.CertFile, result.Tls.DefaultCertificate.KeyFile));
        Assert.Equal(
            ["tls.certificates[1].certFile", "tls.options.bad", "tls.options.bad.minVersion"],
            result.View.AllErrors.Select(e => e.Path).Order(StringComparer.Ordinal));
        Assert.Contains(result.View.AllErrors, e => e.Message == "TLS options 'bad' are left out; routers using them are disabled");
        Assert.Contains("r@file", result.Routers.Keys);
    }

    [Fact]
    public void Validate_EntryPointDefaultsNameUnknownOptions_ErrorOnTheRouter()
    {
        var defaults = new Dictionary<string, RouterTlsConfig> { ["web"] = RouterTlsConfig.Empty with { Options = "ghost" } };

        var result = Validation.RunWithEntryPointTls(defaults, Validation.Provider("file", WithTls(TlsConfig.Empty)));

        Assert.DoesNotContain("r@file", result.Routers.Keys);
        var error = Assert.Single(result.View.Routers["r@file"].Errors);
        Assert.Equal("http.routers.r.tls.options", error.Path);
        Assert.Equal("TLS options 'ghost@file' does not exist (named by entry point 'web' in http.tls.options)", error.Message);
    }

    [Fact]
    public void Validate_RouterOwnTlsOverEntryPointDefaults_DefaultsNotChecked()
    {
        var defaults = new Dictionary<string, RouterTlsConfig> { ["web"] = RouterTlsConfig.Empty with { Options = "ghost" } };

        var result = Validation.RunWithEntryPointTls(defaults, Validation.Provider("file", WithTls(TlsConfig.Empty, RouterTlsConfig.Empty)));

        Assert.Empty(result.View.AllErrors);
        Assert.Contains("r@file", result.Routers.Keys);
    }
}
