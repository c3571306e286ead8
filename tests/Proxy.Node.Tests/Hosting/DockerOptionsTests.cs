using Proxy.Discovery.Docker;
using Proxy.Node.Hosting;
using Xunit;

namespace Proxy.Node.Tests.Hosting;

public sealed class DockerOptionsTests
{
    private const string Socket = "unix:///var/run/docker.sock";
    private const string EndpointFlag = "--providers.docker.endpoint=" + Socket;

    private static StaticConfigResult Load(string[] args, Dictionary<string, string>? environment = null, string? yaml = null) =>
        StaticConfigLoader.Load(args, environment ?? [],
            path => yaml is not null && path == "proxy.yml" ? yaml : throw new FileNotFoundException(path));

    private static string[] Messages(StaticConfigResult result) => [.. result.Errors.Select(error => error.Message)];

    private static DockerProviderSettings Docker(StaticConfigResult result)
    {
        Assert.True(result.IsValid, result.RenderErrors());
        return Assert.IsType<DockerProviderSettings>(result.Config!.Docker);
    }

    [Fact]
    public void Load_NoEndpoint_NoDockerProvider()
    {
        var result = Load([]);

        Assert.True(result.IsValid, result.RenderErrors());
        Assert.Null(result.Config!.Docker);
    }

    [Fact]
    public void Load_EndpointOnly_UsesProviderDefaults()
    {
        var docker = Docker(Load([EndpointFlag]));

        Assert.Equal<string>([Socket], docker.Endpoints);
        Assert.Equal(DockerProviderOptions.Default, docker.Options);
    }

    [Fact]
    public void Load_EndpointFlagRepeated_Accumulates()
    {
        // Plain TCP to other hosts only with allowinsecure (DockerTlsOptionsTests); the accumulation is what this checks.
        var docker = Docker(Load([EndpointFlag, "--providers.docker.endpoint", "tcp://10.0.0.5:2375,tcp://docker-b:2376", "--providers.docker.allowinsecure=true"]));

        Assert.Equal<string>([Socket, "tcp://10.0.0.5:2375", "tcp://docker-b:2376"], docker.Endpoints);
    }

    [Fact]
    public void Load_EndpointVariableCommaSeparated_SplitsAndTrims()
    {
        var docker = Docker(Load([], new() { ["PROXY_PROVIDERS_DOCKER_ENDPOINT"] = Socket + ", unix:///var/run/docker-b.sock" }));

        Assert.Equal<string>([Socket, "unix:///var/run/docker-b.sock"], docker.Endpoints);
    }

    [Theory]
    [InlineData("providers:\n  docker:\n    endpoint:\n      - unix:///var/run/docker.sock\n      - tcp://[::1]:2375\n")]
    [InlineData("providers:\n  docker:\n    endpoint: [unix:///var/run/docker.sock, \"tcp://[::1]:2375\"]\n")]
    [InlineData("providers:\n  docker:\n    endpoint: unix:///var/run/docker.sock,tcp://[::1]:2375\n")]
    public void Load_EndpointInYamlListOrString_ReadsEveryItem(string yaml)
    {
        var docker = Docker(Load(["--configfile=proxy.yml"], yaml: yaml));

        Assert.Equal<string>([Socket, "tcp://[::1]:2375"], docker.Endpoints);
    }

    [Fact]
    public void Load_EndpointFlagAndVariable_FlagReplacesTheWholeList()
    {
        // Sources replace each other option by option, lists included: merging them would leave no way to drop a host.
        var docker = Docker(Load([EndpointFlag], new() { ["PROXY_PROVIDERS_DOCKER_ENDPOINT"] = "tcp://old:2375,tcp://older:2375" }));

        Assert.Equal<string>([Socket], docker.Endpoints);
    }

    [Fact]
    public void Load_EveryDockerOption_BindsEachField()
    {
        var docker = Docker(Load(
        [
            EndpointFlag, "--providers.docker.exposedbydefault=false", "--providers.docker.defaultrule=Host(`{{ .ContainerName }}.example.com`)",
            "--providers.docker.network=front", "--providers.docker.labelprefix=traefik", "--providers.docker.allowemptyservices",
            "--providers.docker.hostnetworkaddress=127.0.0.2",
        ]));

        Assert.Equal(new DockerProviderOptions
        {
            ExposedByDefault = false,
            DefaultRule = "Host(`{{ .ContainerName }}.example.com`)",
            Network = "front",
            LabelPrefix = "traefik",
            AllowEmptyServices = true,
            HostNetworkAddress = "127.0.0.2",
        }, docker.Options);
    }

    [Theory]
    [InlineData("/var/run/docker.sock")]
    [InlineData("http://127.0.0.1:2375")]
    [InlineData("unix://var/run/docker.sock")]
    [InlineData("unix:///")]
    [InlineData("tcp://:2375")]
    [InlineData("tcp://docker-host")]
    [InlineData("tcp://docker-host:2375/v1.41")]
    public void Load_BadEndpoint_NamesTheItem(string endpoint)
    {
        var result = Load([EndpointFlag, $"--providers.docker.endpoint={endpoint}"]);

        Assert.Equal(
            [$"invalid value \"{endpoint}\" for --providers.docker.endpoint: expected unix:///path/to/docker.sock or tcp://host:port; several as a comma-separated list or by repeating the flag"],
            Messages(result));
    }

    [Fact]
    public void Load_EmptyAndRepeatedEndpoints_ReportsEach()
    {
        var result = Load([], new() { ["PROXY_PROVIDERS_DOCKER_ENDPOINT"] = $"{Socket},,{Socket}" });

        Assert.Equal(
        [
            $"empty item in PROXY_PROVIDERS_DOCKER_ENDPOINT (\"{Socket},,{Socket}\"): expected unix:///path/to/docker.sock or tcp://host:port; several as a comma-separated list or by repeating the flag",
            $"\"{Socket}\" is given twice in PROXY_PROVIDERS_DOCKER_ENDPOINT: each item once",
        ], Messages(result));
    }

    [Fact]
    public void Load_DockerSettingsWithoutEndpoint_ReportsForgottenEndpoint()
    {
        var result = Load(["--providers.docker.labelprefix=traefik"], new() { ["PROXY_PROVIDERS_DOCKER_EXPOSEDBYDEFAULT"] = "false" });

        Assert.Equal(
        [
            "PROXY_PROVIDERS_DOCKER_EXPOSEDBYDEFAULT is set but no PROXY_PROVIDERS_DOCKER_ENDPOINT is given",
            "--providers.docker.labelprefix is set but no --providers.docker.endpoint is given",
        ], Messages(result));
    }

    [Theory]
    [InlineData("--providers.docker.labelprefix=traefik.", "invalid value \"traefik.\" for --providers.docker.labelprefix: expected words of letters, digits, '_' and '-' joined by dots, without the trailing dot (traefik, com.example.proxy)")]
    [InlineData("--providers.docker.labelprefix=", "invalid value \"\" for --providers.docker.labelprefix: expected a non-empty value")]
    [InlineData("--providers.docker.hostnetworkaddress=127.1", "invalid value \"127.1\" for --providers.docker.hostnetworkaddress: expected an IP address or a host name, without a port")]
    [InlineData("--providers.docker.hostnetworkaddress=127.0.0.1:80", "invalid value \"127.0.0.1:80\" for --providers.docker.hostnetworkaddress: expected an IP address or a host name, without a port")]
    [InlineData("--providers.docker.exposedbydefault=yes", "invalid value \"yes\" for --providers.docker.exposedbydefault: expected true or false")]
    [InlineData("--providers.docker.defaultrule=Host(`{{ .Image }}`)", "invalid value \"Host(`{{ .Image }}`)\" for --providers.docker.defaultrule: unsupported template action '{{ .Image }}' (supported: .Name, .ContainerName, index .Labels \"key\", each optionally after normalize)")]
    public void Load_BadDockerSetting_ReportsIt(string flag, string message)
    {
        Assert.Equal([message], Messages(Load([EndpointFlag, flag])));
    }

    [Theory]
    [InlineData("::1")]
    [InlineData("docker-host.internal")]
    [InlineData("10.0.0.5")]
    public void Load_HostNetworkAddress_AcceptsAddressesAndNames(string address)
    {
        Assert.Equal(address, Docker(Load([EndpointFlag, $"--providers.docker.hostnetworkaddress={address}"])).Options.HostNetworkAddress);
    }

    [Fact]
    public void Render_Help_ListsTheDockerOptionsWithTheirDefaults()
    {
        var help = StaticConfigHelp.Render();

        Assert.Contains("--providers.docker.endpoint=<endpoint>[,<endpoint>...]", help);
        Assert.Contains("env: PROXY_PROVIDERS_DOCKER_ENDPOINT", help);
        Assert.Contains("default: Host(`{{ normalize .Name }}`)", help);
        Assert.Contains("--providers.docker.hostnetworkaddress=<address>", help);
    }
}
