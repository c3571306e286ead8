using Proxy.Actors.Certificates;
using Proxy.Actors.Certificates.Acme;
using Proxy.Node.Hosting;
using Xunit;

namespace Proxy.Node.Tests.Hosting;

public sealed class CertificateResolverOptionsTests
{
    private static StaticConfigResult Load(string[] args, Dictionary<string, string>? environment = null) =>
        StaticConfigLoader.Load(args, environment ?? [], path => throw new FileNotFoundException(path));

    private static StaticConfig Valid(StaticConfigResult result)
    {
        Assert.True(result.IsValid, result.RenderErrors());
        return result.Config!;
    }

    private static string Errors(StaticConfigResult result)
    {
        Assert.False(result.IsValid);
        return result.RenderErrors();
    }

    [Fact]
    public void Load_NoResolver_None()
    {
        Assert.Empty(Valid(Load([])).CertificateResolvers);
    }

    [Fact]
    public void Load_HttpChallengeOnly_TraefikDefaults()
    {
        var resolver = Valid(Load(["--entrypoints.web.address=:80", "--certificatesresolvers.le.acme.httpchallenge.entrypoint=web"]))
            .CertificateResolvers["le"];

        Assert.Equal(
            new AcmeResolverSettings("le", null, new Uri("https://acme-v02.api.letsencrypt.org/directory"), "acme.json", AcmeKeyType.EC256, "web", false, TimeSpan.FromDays(90), []),
            resolver with { CaCertificates = [] });
        Assert.Equal(AcmeChallenge.Http01, resolver.ChallengeType);
        Assert.Equal(TimeSpan.FromDays(30), resolver.RenewBefore);
    }

    [Fact]
    public void Load_EveryOptionByFlags_Bound()
    {
        var ca = Path.GetTempFileName();
        try
        {
            File.WriteAllText(ca, SelfSignedPem());
            var resolver = Valid(Load(
            [
                "--entrypoints.websecure.address=:443",
                "--certificatesresolvers.pebble.acme.email=ops@example.com",
                "--certificatesresolvers.pebble.acme.caserver=https://127.0.0.1:14000/dir",
                "--certificatesresolvers.pebble.acme.storage=/var/lib/proxy/pebble.json",
                "--certificatesresolvers.pebble.acme.keytype=rsa2048",
                "--certificatesresolvers.pebble.acme.tlschallenge",
                "--certificatesresolvers.pebble.acme.certificatesduration=24",
                $"--certificatesresolvers.pebble.acme.cacertificates={ca}",
            ])).CertificateResolvers["pebble"];

            Assert.Equal(
                new AcmeResolverSettings("pebble", "ops@example.com", new Uri("https://127.0.0.1:14000/dir"), "/var/lib/proxy/pebble.json", AcmeKeyType.RSA2048, null, true, TimeSpan.FromHours(24), []),
                resolver with { CaCertificates = [] });
            Assert.Equal([ca], resolver.CaCertificates.ToArray());
            Assert.Equal(AcmeChallenge.TlsAlpn01, resolver.ChallengeType);
            Assert.Equal(new AcmeResolverStorage("pebble", "/var/lib/proxy/pebble.json", new Uri("https://127.0.0.1:14000/dir")), resolver.StorageRecord);
        }
        finally
        {
            File.Delete(ca);
        }
    }

    [Fact]
    public void Load_ResolverFromEnvironment_Bound()
    {
        var config = Valid(Load([], new Dictionary<string, string>
        {
            ["PROXY_ENTRYPOINTS_WEB_ADDRESS"] = ":80",
            ["PROXY_CERTIFICATESRESOLVERS_MY_LE_ACME_HTTPCHALLENGE_ENTRYPOINT"] = "web",
            ["PROXY_CERTIFICATESRESOLVERS_MY_LE_ACME_EMAIL"] = "a@example.com",
        }));

        Assert.Equal("a@example.com", config.CertificateResolvers["my_le"].Email);
        Assert.Equal("web", config.CertificateResolvers["my_le"].HttpChallengeEntryPoint);
    }

    [Fact]
    public void Load_ResolverInYaml_TraefikShape()
    {
        const string yaml = """
            entryPoints:
              web:
                address: ":80"
            certificatesResolvers:
              myResolver:
                acme:
                  email: you@example.com
                  storage: /data/acme.json
                  keyType: EC384
                  certificatesDuration: 72
                  httpChallenge:
                    entryPoint: web
            """;

        var resolver = Valid(StaticConfigLoader.Load(["--configfile=proxy.yml"], new Dictionary<string, string>(), _ => yaml))
            .CertificateResolvers["myresolver"];

        Assert.Equal(("you@example.com", "/data/acme.json", AcmeKeyType.EC384, "web", TimeSpan.FromHours(72)),
            (resolver.Email, resolver.Storage, resolver.KeyType, resolver.HttpChallengeEntryPoint, resolver.CertificatesDuration));
    }

    [Fact]
    public void Load_NoChallenge_RefusedNamingBothOptions()
    {
        var errors = Errors(Load(["--certificatesresolvers.le.acme.email=a@example.com"]));

        Assert.Contains("certificate resolver le has no challenge", errors, StringComparison.Ordinal);
        Assert.Contains("--certificatesresolvers.le.acme.httpchallenge.entrypoint=<entrypoint>", errors, StringComparison.Ordinal);
        Assert.Contains("--certificatesresolvers.le.acme.tlschallenge=true", errors, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_TlsChallengeFalse_RefusedAsNoChallenge()
    {
        Assert.Contains("has no challenge", Errors(Load(["--certificatesresolvers.le.acme.tlschallenge=false"])), StringComparison.Ordinal);
    }

    [Fact]
    public void Load_HttpChallengeOnUnknownEntryPoint_RefusedNamingTheKnownOnes()
    {
        var errors = Errors(Load(["--entrypoints.web.address=:80", "--certificatesresolvers.le.acme.httpchallenge.entrypoint=http"]));

        Assert.Contains("names entrypoint http, which does not exist: certificate resolver le answers HTTP-01 on one of web", errors, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("not a url")]
    [InlineData("ftp://ca.example.com/dir")]
    [InlineData("/directory")]
    public void Load_BadCaServer_Refused(string url)
    {
        var errors = Errors(Load(["--certificatesresolvers.le.acme.tlschallenge", $"--certificatesresolvers.le.acme.caserver={url}"]));

        Assert.Contains($"invalid value \"{url}\" for --certificatesresolvers.le.acme.caserver: certificate resolver le needs the CA's ACME directory", errors, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("RSA8192")]
    [InlineData("P256")]
    public void Load_UnknownKeyType_RefusedWithTheChoices(string keyType)
    {
        var errors = Errors(Load(["--certificatesresolvers.le.acme.tlschallenge", $"--certificatesresolvers.le.acme.keytype={keyType}"]));

        Assert.Contains($"invalid value \"{keyType}\" for --certificatesresolvers.le.acme.keytype: expected one of EC256, EC384, RSA2048, RSA4096", errors, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_ZeroDuration_Refused()
    {
        var errors = Errors(Load(["--certificatesresolvers.le.acme.tlschallenge", "--certificatesresolvers.le.acme.certificatesduration=0"]));

        Assert.Contains("certificate resolver le needs a lifetime of at least 1 hour", errors, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_CaCertificatesFileWithoutCertificate_Refused()
    {
        var file = Path.GetTempFileName();
        try
        {
            File.WriteAllText(file, "not a certificate");
            var errors = Errors(Load(["--certificatesresolvers.le.acme.tlschallenge", $"--certificatesresolvers.le.acme.cacertificates={file},/nonexistent/ca.pem"]));

            Assert.Contains($"certificate resolver le cannot use {file}: the file holds no PEM certificate", errors, StringComparison.Ordinal);
            Assert.Contains("certificate resolver le cannot use /nonexistent/ca.pem", errors, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void Load_ResolverOptionWithoutEntryPoint_NotTakenForAnEntryPointOption()
    {
        // A resolver's options have a <name> too; only entrypoints.* options ask for an entrypoint address.
        var result = Load(["--certificatesresolvers.le.acme.tlschallenge"]);

        Assert.True(result.IsValid, result.RenderErrors());
    }

    [Fact]
    public void Render_Help_ListsResolverOptions()
    {
        var help = StaticConfigHelp.Render();

        Assert.Contains("--certificatesresolvers.<name>.acme.httpchallenge.entrypoint=<value>", help, StringComparison.Ordinal);
        Assert.Contains("--certificatesresolvers.<name>.acme.cacertificates=<file>[,<file>...]", help, StringComparison.Ordinal);
        Assert.Contains("PROXY_CERTIFICATESRESOLVERS_<name>_ACME_KEYTYPE", help, StringComparison.Ordinal);
    }

    private static string SelfSignedPem()
    {
        using var key = System.Security.Cryptography.ECDsa.Create();
        var request = new System.Security.Cryptography.X509Certificates.CertificateRequest("CN=test ca", key, System.Security.Cryptography.HashAlgorithmName.SHA256);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        return certificate.ExportCertificatePem();
    }
}
