using Proxy.Discovery.Docker;
using Proxy.Discovery.Docker.Constraints;
using Proxy.Node.Hosting;
using Proxy.Tests.Docker;
using Xunit;

namespace Proxy.Node.Tests.Hosting;

/// <summary>
/// The Docker provider's TLS, named endpoints, plain-TCP refusal, constraints and usebindportip options: what
/// binds, and the start-up errors naming the option (certificates made with openssl by the test).
/// </summary>
public sealed class DockerTlsOptionsTests : IDisposable
{
    private const string Remote = "tcp://10.0.0.5:2376";
    private readonly DockerCertificateAuthority _certificates = new();

    public void Dispose() => _certificates.Dispose();

    private static StaticConfigResult Load(string[] args, Dictionary<string, string>? environment = null) =>
        StaticConfigLoader.Load(args, environment ?? [], path => throw new FileNotFoundException(path));

    private static DockerProviderSettings Docker(StaticConfigResult result)
    {
        Assert.True(result.IsValid, result.RenderErrors());
        return Assert.IsType<DockerProviderSettings>(result.Config!.Docker);
    }

    private static string Error(StaticConfigResult result)
    {
        Assert.False(result.IsValid);
        return Assert.Single(result.Errors).ToString();
    }

    private string[] UnnamedTls() =>
    [
        $"--providers.docker.tls.ca={_certificates.CaFile}",
        $"--providers.docker.tls.cert={_certificates.ClientCertFile}",
        $"--providers.docker.tls.key={_certificates.ClientKeyFile}",
    ];

    private string[] NamedTls(string name, DockerCertificateAuthority certificates) =>
    [
        $"--providers.docker.endpoints.{name}.tls.ca={certificates.CaFile}",
        $"--providers.docker.endpoints.{name}.tls.cert={certificates.ClientCertFile}",
        $"--providers.docker.endpoints.{name}.tls.key={certificates.ClientKeyFile}",
    ];

    [Fact]
    public void Load_PlainTcpToAnotherHost_RefusedSayingWhyAndHowToAllow()
    {
        var error = Error(Load([$"--providers.docker.endpoint={Remote}"]));

        Assert.Contains("--providers.docker.endpoint", error, StringComparison.Ordinal);
        Assert.Contains("has root on that host", error, StringComparison.Ordinal);
        Assert.Contains("--providers.docker.allowinsecure=true", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_PlainTcpToAnotherHostWithAllowInsecure_Accepted()
    {
        var docker = Docker(Load([$"--providers.docker.endpoint={Remote}", "--providers.docker.allowinsecure=true"]));

        Assert.Equal<string>([Remote], docker.Endpoints);
        Assert.Empty(docker.Tls);
    }

    [Theory]
    [InlineData("tcp://127.0.0.1:2375")]
    [InlineData("tcp://127.0.0.9:2375")]
    [InlineData("tcp://localhost:2375")]
    [InlineData("tcp://[::1]:2375")]
    public void Load_PlainTcpToLoopback_Accepted(string endpoint) =>
        Assert.Equal<string>([endpoint], Docker(Load([$"--providers.docker.endpoint={endpoint}"])).Endpoints);

    [Fact]
    public void Load_UnnamedTls_AppliesToEveryUnnamedTcpEndpoint()
    {
        var docker = Docker(Load([$"--providers.docker.endpoint={Remote},tcp://10.0.0.6:2376", .. UnnamedTls()]));

        var expected = new DockerTlsSettings(_certificates.CaFile, _certificates.ClientCertFile, _certificates.ClientKeyFile, false);
        Assert.Equal(expected, docker.Tls[Remote]);
        Assert.Equal(expected, docker.Tls["tcp://10.0.0.6:2376"]);
    }

    [Fact]
    public void Load_UnnamedTlsWithASocketInTheList_AppliesToTheTcpEndpointOnly()
    {
        var docker = Docker(Load(["--providers.docker.endpoint=unix:///var/run/docker.sock," + Remote, .. UnnamedTls()]));

        Assert.Equal<string>(["unix:///var/run/docker.sock", Remote], docker.Endpoints);
        Assert.Equal<string>([Remote], docker.Tls.Keys);
    }

    [Fact]
    public void Load_TlsAndNamedEndpointInYaml_Binds()
    {
        var yaml = $"providers:\n  docker:\n    endpoint: tcp://10.0.0.6:2376\n    tls:\n      ca: {_certificates.CaFile}\n      cert: {_certificates.ClientCertFile}\n"
            + $"      key: {_certificates.ClientKeyFile}\n    endpoints:\n      east:\n        endpoint: {Remote}\n        tls:\n          ca: {_certificates.CaFile}\n"
            + $"          cert: {_certificates.ClientCertFile}\n          key: {_certificates.ClientKeyFile}\n          insecureSkipVerify: true\n";
        var docker = Docker(StaticConfigLoader.Load(["--configfile=proxy.yml"], new Dictionary<string, string>(), path => path == "proxy.yml" ? yaml : throw new FileNotFoundException(path)));

        Assert.False(docker.Tls["tcp://10.0.0.6:2376"].InsecureSkipVerify);
        Assert.True(docker.Tls[Remote].InsecureSkipVerify);
    }

    [Fact]
    public void Load_NamedTlsOnASocket_Refused()
    {
        var error = Error(Load(["--providers.docker.endpoints.local.endpoint=unix:///var/run/docker.sock", .. NamedTls("local", _certificates)]));

        Assert.Contains("unix:///var/run/docker.sock, which is not tcp://", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_NamedEndpoints_EachWithItsOwnTlsBesideTheUnnamedSocket()
    {
        using var other = new DockerCertificateAuthority();
        var docker = Docker(Load(
        [
            "--providers.docker.endpoint=unix:///var/run/docker.sock",
            "--providers.docker.endpoints.east.endpoint=tcp://10.0.1.5:2376", .. NamedTls("east", _certificates),
            "--providers.docker.endpoints.west.endpoint=tcp://10.0.2.5:2376", .. NamedTls("west", other),
            "--providers.docker.endpoints.west.tls.insecureskipverify=true",
        ]));

        Assert.Equal<string>(["unix:///var/run/docker.sock", "tcp://10.0.1.5:2376", "tcp://10.0.2.5:2376"], docker.Endpoints);
        Assert.False(docker.Tls.ContainsKey("unix:///var/run/docker.sock"));
        Assert.Equal(new DockerTlsSettings(_certificates.CaFile, _certificates.ClientCertFile, _certificates.ClientKeyFile, false), docker.Tls["tcp://10.0.1.5:2376"]);
        Assert.Equal(new DockerTlsSettings(other.CaFile, other.ClientCertFile, other.ClientKeyFile, true), docker.Tls["tcp://10.0.2.5:2376"]);
    }

    [Fact]
    public void Load_NamedEndpointFromEnvironment_Binds()
    {
        var docker = Docker(Load([], new()
        {
            ["PROXY_PROVIDERS_DOCKER_ENDPOINTS_EAST_ENDPOINT"] = "tcp://10.0.1.5:2376",
            ["PROXY_PROVIDERS_DOCKER_ENDPOINTS_EAST_TLS_CA"] = _certificates.CaFile,
            ["PROXY_PROVIDERS_DOCKER_ENDPOINTS_EAST_TLS_CERT"] = _certificates.ClientCertFile,
            ["PROXY_PROVIDERS_DOCKER_ENDPOINTS_EAST_TLS_KEY"] = _certificates.ClientKeyFile,
        }));

        Assert.Equal(_certificates.CaFile, docker.Tls["tcp://10.0.1.5:2376"].CaFile);
    }

    [Fact]
    public void Load_CertWithoutKey_RefusedNamingTheMissingKey()
    {
        var error = Error(Load([$"--providers.docker.endpoint={Remote}", $"--providers.docker.tls.cert={_certificates.ClientCertFile}"]));

        Assert.Contains("--providers.docker.tls.cert is given but --providers.docker.tls.key is not", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_CaWithoutClientCertificate_RefusedSayingADaemonWithoutOneLetsAnyoneIn()
    {
        var error = Error(Load([$"--providers.docker.endpoint={Remote}", $"--providers.docker.tls.ca={_certificates.CaFile}"]));

        Assert.Contains("needs a client certificate", error, StringComparison.Ordinal);
        Assert.Contains("--providers.docker.tls.cert", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_TlsOnAUnixSocket_Refused()
    {
        var error = Error(Load(["--providers.docker.endpoint=unix:///var/run/docker.sock", .. UnnamedTls()]));

        Assert.Contains("unix:///var/run/docker.sock, which is not tcp://", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_MissingCertificateFile_ErrorNamesOptionAndFile()
    {
        var missing = Path.Combine(Path.GetTempPath(), $"absent-{Guid.NewGuid():N}.pem");
        var error = Error(Load(
        [
            $"--providers.docker.endpoint={Remote}", $"--providers.docker.tls.cert={missing}", $"--providers.docker.tls.key={_certificates.ClientKeyFile}",
        ]));

        Assert.Contains("--providers.docker.tls.cert", error, StringComparison.Ordinal);
        Assert.Contains(missing, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_KeyOfAnotherCertificate_RefusedNamingBothFiles()
    {
        using var other = new DockerCertificateAuthority();
        var error = Error(Load(
        [
            $"--providers.docker.endpoint={Remote}", $"--providers.docker.tls.cert={_certificates.ClientCertFile}", $"--providers.docker.tls.key={other.ClientKeyFile}",
        ]));

        Assert.Contains(_certificates.ClientCertFile, error, StringComparison.Ordinal);
        Assert.Contains(other.ClientKeyFile, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_CaFileThatHoldsNoCertificate_RefusedNamingTheFile()
    {
        var error = Error(Load(
        [
            $"--providers.docker.endpoint={Remote}", $"--providers.docker.tls.ca={_certificates.ClientKeyFile}",
            $"--providers.docker.tls.cert={_certificates.ClientCertFile}", $"--providers.docker.tls.key={_certificates.ClientKeyFile}",
        ]));

        Assert.Contains("--providers.docker.tls.ca", error, StringComparison.Ordinal);
        Assert.Contains($"the CA file {_certificates.ClientKeyFile} holds no PEM certificate", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_NamedTlsWithoutItsEndpoint_Refused()
    {
        var error = Error(Load(["--providers.docker.endpoint=unix:///var/run/docker.sock", .. NamedTls("east", _certificates)]));

        Assert.Contains("no --providers.docker.endpoints.east.endpoint is given", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_UnnamedTlsWithOnlyNamedEndpoints_RefusedPointingAtTheNamedOptions()
    {
        var error = Error(Load(["--providers.docker.endpoints.east.endpoint=tcp://127.0.0.1:2376", .. UnnamedTls()]));

        Assert.Contains("no --providers.docker.endpoint is given", error, StringComparison.Ordinal);
        Assert.Contains("providers.docker.endpoints.<name>.tls.*", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_OneEndpointUnnamedAndNamed_Refused()
    {
        var error = Error(Load(["--providers.docker.endpoint=tcp://127.0.0.1:2376", "--providers.docker.endpoints.east.endpoint=tcp://127.0.0.1:2376"]));

        Assert.Contains("is also given by --providers.docker.endpoint", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_BadNamedEndpoint_RefusedNamingIt()
    {
        var result = Load(["--providers.docker.endpoints.east.endpoint=http://10.0.0.5:2376"]);

        Assert.False(result.IsValid);
        Assert.Contains(result.Errors, e => e.Message.Contains("--providers.docker.endpoints.east.endpoint", StringComparison.Ordinal));
    }

    [Fact]
    public void Load_Constraints_BindsTheParsedExpression()
    {
        var docker = Docker(Load(["--providers.docker.endpoint=unix:///var/run/docker.sock", "--providers.docker.constraints=Label(`team`, `shop`)"]));

        Assert.Equal(new LabelConstraint("team", "shop"), docker.Options.Constraints);
    }

    [Fact]
    public void Load_BadConstraints_RefusedWithThePosition()
    {
        var error = Error(Load(["--providers.docker.endpoint=unix:///var/run/docker.sock", "--providers.docker.constraints=Label(`a`, `b`) && Tag(`x`)"]));

        Assert.Contains("--providers.docker.constraints", error, StringComparison.Ordinal);
        Assert.Contains("at position 20: unknown function Tag", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_UseBindPortIp_Binds() =>
        Assert.True(Docker(Load(["--providers.docker.endpoint=unix:///var/run/docker.sock", "--providers.docker.usebindportip=true"])).Options.UseBindPortIp);

    [Fact]
    public void Load_TlsWithoutAnyEndpoint_RefusedAsAForgottenEndpoint()
    {
        var result = Load(UnnamedTls());

        Assert.False(result.IsValid);
        Assert.Contains(result.Errors, e => e.Message.Contains("--providers.docker.tls.ca is set but no --providers.docker.endpoint is given", StringComparison.Ordinal));
    }
}
