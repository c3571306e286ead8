using Proxy.Actors.Model.Config;
using Proxy.Discovery.File;
using Xunit;

namespace Proxy.Discovery.Tests.File;

/// <summary>Traefik's dynamic <c>tls:</c> section and a router's <c>tls:</c>, as the file provider reads them.</summary>
public sealed class FileTlsConfigTests
{
    private const string Path = "/etc/proxy/dynamic.yml";

    private static DynamicConfig Parse(string yaml)
    {
        var parsed = Assert.IsType<FileParseResult.Parsed>(FileConfigParser.Parse(yaml, Path));
        Assert.Empty(parsed.Errors);
        return parsed.Config;
    }

    [Fact]
    public void Parse_EveryTlsField_ReadsIntoConfig()
    {
        var config = Parse("""
            tls:
              certificates:
                - certFile: /certs/a.pem
                  keyFile: /certs/a.key
                  stores: [default]
                - certFile: /certs/b.pem
                  keyFile: /certs/b.key
              stores:
                default:
                  defaultCertificate:
                    certFile: /certs/d.pem
                    keyFile: /certs/d.key
              options:
                modern:
                  minVersion: VersionTLS13
                  maxVersion: VersionTLS13
                  cipherSuites:
                    - TLS_AES_128_GCM_SHA256
                  alpnProtocols: [h2]
                  sniStrict: true
                  clientAuth:
                    caFiles: [/certs/ca.pem]
                    clientAuthType: RequireAndVerifyClientCert
            """);

        var tls = config.Tls!;
        Assert.Equal(
            [new TlsCertificateConfig("/certs/a.pem", "/certs/a.key", ["default"]), new TlsCertificateConfig("/certs/b.pem", "/certs/b.key", [])],
            tls.Certificates.Select(c => c with { Stores = [.. c.Stores] }),
            new CertificateComparer());
        Assert.Equal(new TlsCertificateFilesConfig("/certs/d.pem", "/certs/d.key"), tls.Stores["default"].DefaultCertificate);
        var modern = tls.Options["modern"];
        Assert.Equal(("VersionTLS13", "VersionTLS13", true), (modern.MinVersion, modern.MaxVersion, modern.SniStrict));
        Assert.Equal<string>(["TLS_AES_128_GCM_SHA256"], modern.CipherSuites.ToArray());
        Assert.Equal<string>(["h2"], modern.AlpnProtocols.ToArray());
        Assert.Equal<string>(["/certs/ca.pem"], modern.ClientAuth!.CaFiles.ToArray());
        Assert.Equal("RequireAndVerifyClientCert", modern.ClientAuth.ClientAuthType);
    }

    [Fact]
    public void Parse_RouterTlsFields_ReadIntoRouter()
    {
        var config = Parse("""
            http:
              routers:
                shop:
                  rule: Host(`shop.example.com`)
                  service: shop
                  tls:
                    certResolver: le
                    options: modern@file
                    domains:
                      - main: example.com
                        sans: [www.example.com, "*.shop.example.com"]
            """);

        var tls = config.Routers["shop"].Tls!;
        Assert.Equal(("le", "modern@file"), (tls.CertResolver, tls.Options));
        var domain = Assert.Single(tls.Domains);
        Assert.Equal("example.com", domain.Main);
        Assert.Equal<string>(["www.example.com", "*.shop.example.com"], domain.Sans.ToArray());
    }

    [Theory]
    [InlineData("tls: {}")]
    [InlineData("tls:")]
    [InlineData("tls: true")]
    public void Parse_RouterTlsGivenNothing_TlsRouterWithDefaults(string tls)
    {
        var config = Parse($"http:\n  routers:\n    r:\n      rule: Path(`/`)\n      service: s\n      {tls}\n");

        Assert.Equal(RouterTlsConfig.Empty, config.Routers["r"].Tls);
    }

    [Theory]
    [InlineData("")]
    [InlineData("      tls: false\n")]
    public void Parse_RouterWithoutTls_HasNone(string tls)
    {
        var config = Parse("http:\n  routers:\n    r:\n      rule: Path(`/`)\n      service: s\n" + tls);

        Assert.Null(config.Routers["r"].Tls);
        Assert.Null(config.Tls);
    }

    [Theory]
    [InlineData("tls:\n  options:\n    o:\n      sniStrict: maybe\n", "tls.options.o.sniStrict", "line 4: expected true or false, got 'maybe'; TLS options 'o' is left out")]
    [InlineData("tls:\n  options:\n    o:\n      curvePreferences: [CurveP521]\n", "tls.options.o.curvePreferences", "line 4: 'curvePreferences' is not supported (the platform's TLS library picks the curves); TLS options 'o' is left out")]
    [InlineData("tls:\n  certificates:\n    - certFile: /a.pem\n      keyfil: /a.key\n", "tls.certificates[0].keyfil", "line 4: unknown or unsupported field 'keyfil', did you mean 'keyFile'? (expected one of: certFile, keyFile, stores)")]
    [InlineData("tls:\n  certificates: /a.pem\n", "tls.certificates", "line 2: expected a list of certificates, got '/a.pem'")]
    public void Parse_BadTlsField_ReportedWithLine(string yaml, string expectedPath, string expectedMessage)
    {
        var parsed = Assert.IsType<FileParseResult.Parsed>(FileConfigParser.Parse(yaml, Path));

        var error = Assert.Single(parsed.Errors);
        Assert.Equal((expectedPath, expectedMessage), (error.Path, error.Message));
    }

    private sealed class CertificateComparer : IEqualityComparer<TlsCertificateConfig>
    {
        public bool Equals(TlsCertificateConfig? x, TlsCertificateConfig? y) =>
            x!.CertFile == y!.CertFile && x.KeyFile == y.KeyFile && x.Stores.SequenceEqual(y.Stores);

        public int GetHashCode(TlsCertificateConfig obj) => obj.CertFile?.GetHashCode(StringComparison.Ordinal) ?? 0;
    }
}
