using Microsoft.Extensions.Logging;
using Proxy.Node.Hosting;
using Xunit;

namespace Proxy.Node.Tests.Hosting;

public sealed class StaticConfigLoaderTests
{
    private static readonly Dictionary<string, string> NoEnvironment = [];

    private static StaticConfigResult Load(string[] args, Dictionary<string, string>? environment = null, Dictionary<string, string>? files = null) =>
        StaticConfigLoader.Load(args, environment ?? NoEnvironment,
            path => files is not null && files.TryGetValue(path, out var text) ? text : throw new FileNotFoundException(path));

    private static string[] Messages(StaticConfigResult result) => [.. result.Errors.Select(error => error.Message)];

    [Fact]
    public void Load_NothingGiven_UsesDefaults()
    {
        var result = Load([]);

        Assert.True(result.IsValid, result.RenderErrors());
        var config = result.Config;
        var web = Assert.Single(config.EntryPoints.Values);
        Assert.Equal(new EntryPointConfig("web", ":8000", new ListenAddress("", ListenHostKind.Any, 8000)), web);
        Assert.Equal("127.0.0.1:8080", config.ApiAddress.ToString());
        Assert.Null(config.FileProvider);
        Assert.Equal(LogLevel.Information, config.LogLevel);
        Assert.Equal(TimeSpan.Zero, config.RequestAcceptGraceTimeout);
        Assert.Equal(TimeSpan.FromSeconds(10), config.GraceTimeout);
        Assert.Equal(RequestActorMode.OnFailure, config.RequestActorMode);
        Assert.Null(config.ConfigFile);
    }

    [Fact]
    public void Load_EveryOptionAsFlag_BindsEachField()
    {
        var result = Load(
        [
            "--entrypoints.web.address=:80", "--entrypoints.websecure.address", "[::]:443",
            "--api.address=localhost:9000", "--providers.file.filename=dyn.yml", "--providers.file.watch=false",
            "--log.level=warn", "--lifecycle.requestacceptgracetimeout=1s", "--lifecycle.gracetimeout=1m30s",
            "--requests.actormode=ALWAYS",
        ]);

        Assert.True(result.IsValid, result.RenderErrors());
        var config = result.Config;
        Assert.Equal(["web", "websecure"], config.EntryPoints.Keys);
        Assert.Equal(new ListenAddress("::", ListenHostKind.IPv6, 443), config.EntryPoints["websecure"].Listen);
        Assert.Equal(new ListenAddress("localhost", ListenHostKind.Name, 9000), config.ApiAddress);
        Assert.Equal(new FileProviderConfig("dyn.yml", false), config.FileProvider);
        Assert.Equal(LogLevel.Warning, config.LogLevel);
        Assert.Equal(TimeSpan.FromSeconds(1), config.RequestAcceptGraceTimeout);
        Assert.Equal(TimeSpan.FromSeconds(90), config.GraceTimeout);
        Assert.Equal(RequestActorMode.Always, config.RequestActorMode);
    }

    [Theory]
    [InlineData("DEBUG", LogLevel.Debug)]
    [InlineData("info", LogLevel.Information)]
    [InlineData("Warn", LogLevel.Warning)]
    [InlineData("error", LogLevel.Error)]
    public void Load_LogLevelAnyCase_MapsToLogLevel(string text, LogLevel expected)
    {
        Assert.Equal(expected, Load([$"--log.level={text}"]).Config!.LogLevel);
    }

    [Fact]
    public void Load_FileNameWithoutWatch_WatchesByDefault()
    {
        Assert.Equal(new FileProviderConfig("dyn.yml", true), Load(["--providers.file.filename=dyn.yml"]).Config!.FileProvider);
    }

    [Fact]
    public void Load_OneNamedEntryPoint_ReplacesTheDefaultWeb()
    {
        var config = Load(["--entrypoints.admin.address=:9000"]).Config!;

        Assert.Equal(["admin"], config.EntryPoints.Keys);
    }

    // Precedence: defaults < file < environment < flags. Each row says which sources set api.address.
    [Theory]
    [InlineData(null, null, null, "127.0.0.1:8080")]
    [InlineData(":1001", null, null, ":1001")]
    [InlineData(null, ":1002", null, ":1002")]
    [InlineData(null, null, ":1003", ":1003")]
    [InlineData(":1001", ":1002", null, ":1002")]
    [InlineData(":1001", null, ":1003", ":1003")]
    [InlineData(null, ":1002", ":1003", ":1003")]
    [InlineData(":1001", ":1002", ":1003", ":1003")]
    public void Load_SameOptionInSeveralSources_LaterSourceWins(string? file, string? environment, string? flag, string expected)
    {
        var args = new List<string> { "--configfile=proxy.yml" };
        if (flag is not null)
        {
            args.Add($"--api.address={flag}");
        }

        var env = environment is null ? [] : new Dictionary<string, string> { ["PROXY_API_ADDRESS"] = environment };
        var yaml = file is null ? "" : $"api:\n  address: \"{file}\"\n";

        var result = Load([.. args], env, new() { ["proxy.yml"] = yaml });

        Assert.True(result.IsValid, result.RenderErrors());
        Assert.Equal(expected, result.Config.ApiAddress.ToString());
    }

    [Fact]
    public void Load_SourcesSetDifferentKeys_AllAreMerged()
    {
        var result = Load(
            ["--configfile", "proxy.yml", "--log.level=error"],
            new() { ["PROXY_ENTRYPOINTS_WEBSECURE_ADDRESS"] = ":8443" },
            new() { ["proxy.yml"] = "entryPoints:\n  web:\n    address: \":8000\"\nlog:\n  level: debug\n" });

        Assert.True(result.IsValid, result.RenderErrors());
        Assert.Equal(["web", "websecure"], result.Config.EntryPoints.Keys);
        Assert.Equal(LogLevel.Error, result.Config.LogLevel);
        Assert.Equal("proxy.yml", result.Config.ConfigFile);
    }

    [Fact]
    public void Load_ConfigFileOnDisk_IsReadByThePublicOverload()
    {
        var path = Path.Combine(Path.GetTempPath(), $"proxy-static-{Guid.NewGuid():N}.yml");
        File.WriteAllText(path, "entryPoints:\n  web:\n    address: \":8081\"\n");
        try
        {
            var result = StaticConfigLoader.Load(["--configfile", path], NoEnvironment);

            Assert.Equal(":8081", result.Config!.EntryPoints["web"].Address);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Load_ConfigFileOverTheSizeLimit_FailsNamingSizeAndLimit()
    {
        var path = Path.Combine(Path.GetTempPath(), $"proxy-static-{Guid.NewGuid():N}.yml");
        File.WriteAllText(path, "# padding\n" + new string('#', 1024 * 1024));
        try
        {
            var result = StaticConfigLoader.Load(["--configfile", path], NoEnvironment);

            var error = Assert.Single(result.Errors);
            Assert.Equal(
                $"configuration file \"{path}\" given by --configfile cannot be read: "
                + $"{Path.GetFileName(path)} is 1,048,586 bytes, larger than the 1 MiB limit for a static configuration file",
                error.Message);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Load_ConfigFileFromEnvironment_IsRead()
    {
        var result = Load([], new() { ["PROXY_CONFIGFILE"] = "p.yml" }, new() { ["p.yml"] = "log: {level: ERROR}" });

        Assert.Equal(LogLevel.Error, result.Config!.LogLevel);
    }

    [Theory]
    [InlineData("--api.address=8080", "invalid value \"8080\" for --api.address: expected [host]:port, host empty for all interfaces, an IPv4 address, [IPv6] or a name, port 1-65535")]
    [InlineData("--entrypoints.web.address=:0", "invalid value \":0\" for --entrypoints.web.address: expected [host]:port, host empty for all interfaces, an IPv4 address, [IPv6] or a name, port 1-65535")]
    [InlineData("--providers.file.filename=d.yml --providers.file.watch=yes", "invalid value \"yes\" for --providers.file.watch: expected true or false")]
    [InlineData("--log.level=verbose", "invalid value \"verbose\" for --log.level: expected one of DEBUG, INFO, WARN, ERROR")]
    [InlineData("--lifecycle.gracetimeout=ten", "invalid value \"ten\" for --lifecycle.gracetimeout: expected a duration such as 10s, 1m30s or 250ms (a bare number is seconds), at most 24h")]
    [InlineData("--lifecycle.requestacceptgracetimeout=-1s", "invalid value \"-1s\" for --lifecycle.requestacceptgracetimeout: expected a duration such as 10s, 1m30s or 250ms (a bare number is seconds), at most 24h")]
    [InlineData("--requests.actormode=sometimes", "invalid value \"sometimes\" for --requests.actormode: expected one of onfailure, always")]
    [InlineData("--providers.file.filename=", "invalid value \"\" for --providers.file.filename: expected a non-empty value")]
    [InlineData("--entrypoints.we@b.address=:1", "invalid name \"we@b\" in --entrypoints.we@b.address: names use letters, digits, '_' and '-'")]
    [InlineData("--entrypoint.web.address=:8000", "unknown option --entrypoint.web.address (did you mean --entrypoints.web.address?)")]
    [InlineData("--tracing.otlp=true", "unknown option --tracing.otlp (see --help)")]
    [InlineData("--providers.file.watch=false", "--providers.file.watch is set but no --providers.file.filename is given")]
    [InlineData("--configfile=missing.yml", "configuration file \"missing.yml\" given by --configfile does not exist")]
    public void Load_BadFlag_ReportsExactMessage(string args, string message)
    {
        var result = Load(args.Split(' '));

        Assert.False(result.IsValid);
        Assert.Equal([message], Messages(result));
    }

    [Fact]
    public void Load_BadFlag_SourceNamesTheFlag()
    {
        var error = Assert.Single(Load(["--log.level=loud"]).Errors);

        Assert.Equal("flag --log.level", error.Source);
        Assert.Equal("log.level", error.Path);
    }

    [Fact]
    public void Load_MisspeltVariable_ValidWithWarningOnTheConfig()
    {
        var result = Load([], new() { ["PROXY_LOG_LEVL"] = "DEBUG", ["PROXY_SERVICE_PORT"] = "80" });

        Assert.True(result.IsValid, result.RenderErrors());
        var warning = Assert.Single(result.Warnings);
        Assert.Equal("ignoring PROXY_LOG_LEVL: it names no option (did you mean PROXY_LOG_LEVEL?)", warning.Message);
    }

    [Fact]
    public void Load_KubernetesServiceProxyCluster_ValidWithWarning()
    {
        var result = Load([], new() { ["PROXY_CLUSTER_SERVICE_HOST"] = "10.96.0.7", ["PROXY_CLUSTER_PORT"] = "tcp://10.96.0.7:4040" });

        Assert.True(result.IsValid, result.RenderErrors());
        Assert.Equal(0, result.Config.Cluster.Port);
        Assert.StartsWith("ignoring PROXY_CLUSTER_PORT: it is a Kubernetes service link of service proxy-cluster", Assert.Single(result.Warnings).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_ClusterPortLinkShapedWithoutServiceHost_StaysAnError()
    {
        var error = Assert.Single(Load([], new() { ["PROXY_CLUSTER_PORT"] = "tcp://10.96.0.7:4040" }).Errors);

        Assert.StartsWith("invalid value \"tcp://10.96.0.7:4040\" for PROXY_CLUSTER_PORT", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_UnknownFlag_StaysAnError()
    {
        var error = Assert.Single(Load(["--log.levl=DEBUG"]).Errors);

        Assert.Equal("unknown option --log.levl (did you mean --log.level?)", error.Message);
    }

    [Theory]
    [InlineData("PROXY_LOG_LEVEL", "loud", "invalid value \"loud\" for PROXY_LOG_LEVEL: expected one of DEBUG, INFO, WARN, ERROR")]
    [InlineData("PROXY_ENTRYPOINTS_WEB_ADDRESS", ":0", "invalid value \":0\" for PROXY_ENTRYPOINTS_WEB_ADDRESS: expected [host]:port, host empty for all interfaces, an IPv4 address, [IPv6] or a name, port 1-65535")]
    public void Load_BadVariable_ReportsExactMessageInEnvironmentSpelling(string variable, string value, string message)
    {
        var result = Load([], new() { [variable] = value });

        var error = Assert.Single(result.Errors);
        Assert.Equal(message, error.Message);
        Assert.Equal($"env {variable}", error.Source);
    }

    [Theory]
    [InlineData("log:\n  level: loud\n", "file proxy.yml line 2", "invalid value \"loud\" for log.level in proxy.yml line 2: expected one of DEBUG, INFO, WARN, ERROR")]
    [InlineData("entryPoint:\n  web:\n    address: \":80\"\n", "file proxy.yml line 3", "unknown option entryPoint.web.address in proxy.yml line 3 (did you mean entrypoints.web.address?)")]
    [InlineData("\n\napi:\n  address: 80\n", "file proxy.yml line 4", "invalid value \"80\" for api.address in proxy.yml line 4: expected [host]:port, host empty for all interfaces, an IPv4 address, [IPv6] or a name, port 1-65535")]
    [InlineData("configFile: other.yml\n", "file proxy.yml line 1", "configFile in proxy.yml line 1: the configuration file cannot name another one; use --configfile or PROXY_CONFIGFILE")]
    public void Load_BadFileValue_ReportsFileAndLine(string yaml, string source, string message)
    {
        var result = Load(["--configfile=proxy.yml"], files: new() { ["proxy.yml"] = yaml });

        var error = Assert.Single(result.Errors);
        Assert.Equal(source, error.Source);
        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void Load_ThreeBadFlags_ReportsAllThree()
    {
        var result = Load(["--api.address=nowhere", "--log.level=loud", "--lifecycle.gracetimeout=forever"]);

        Assert.Equal(
        [
            "invalid value \"nowhere\" for --api.address: expected [host]:port, host empty for all interfaces, an IPv4 address, [IPv6] or a name, port 1-65535",
            "invalid value \"forever\" for --lifecycle.gracetimeout: expected a duration such as 10s, 1m30s or 250ms (a bare number is seconds), at most 24h",
            "invalid value \"loud\" for --log.level: expected one of DEBUG, INFO, WARN, ERROR",
        ], Messages(result));
    }

    [Fact]
    public void Load_ErrorsInEverySource_ReportsEachOnce()
    {
        var result = Load(
            ["--configfile=proxy.yml", "--log.level", "--requests.actormode=never", "stray"],
            new() { ["PROXY_API_ADDRESS"] = "nowhere", ["PROXY_API_ADRESS"] = ":1" },
            new() { ["proxy.yml"] = "lifecycle:\n  graceTimeout: [1s]\n" });

        Assert.Equal(
        [
            "lifecycle.graceTimeout in proxy.yml line 2: this option takes one value, not a list",
            "--log.level needs a value: write --log.level=<value> or --log.level <value>",
            "unexpected argument \"stray\": options are written --key=value (see --help)",
            "invalid value \"nowhere\" for PROXY_API_ADDRESS: expected [host]:port, host empty for all interfaces, an IPv4 address, [IPv6] or a name, port 1-65535",
            "invalid value \"never\" for --requests.actormode: expected one of onfailure, always",
        ], Messages(result));
        // The misspelt variable is no error, but it is printed with them.
        Assert.Contains("  warning: ignoring PROXY_API_ADRESS: it names no option (did you mean PROXY_API_ADDRESS?)\n", result.RenderErrors(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new[] { "--entrypoints.a.address=:80", "--entrypoints.b.address=:80" },
        "entrypoint a and entrypoint b both listen on port 80 (:80 from flag --entrypoints.a.address, :80 from flag --entrypoints.b.address): give each its own address")]
    [InlineData(new[] { "--entrypoints.a.address=:80", "--entrypoints.b.address=127.0.0.1:80" },
        "entrypoint a and entrypoint b both listen on port 80 (:80 from flag --entrypoints.a.address, 127.0.0.1:80 from flag --entrypoints.b.address): give each its own address")]
    [InlineData(new[] { "--entrypoints.web.address=:8080" },
        "entrypoint web and the API both listen on port 8080 (:8080 from flag --entrypoints.web.address, 127.0.0.1:8080 from default): give each its own address")]
    [InlineData(new[] { "--api.address=:8000" },
        "entrypoint web and the API both listen on port 8000 (:8000 from default, :8000 from flag --api.address): give each its own address")]
    public void Load_ListenersOnOneSocket_ReportsBothOrigins(string[] args, string message)
    {
        Assert.Equal([message], Messages(Load(args)));
    }

    [Fact]
    public void Load_MistypedEntryPointOnApiPort_ReportsOnlyTheTypo()
    {
        var result = Load(["--entrypoint.web.address=:80", "--api.address=:8000"]);

        Assert.Equal(["unknown option --entrypoint.web.address (did you mean --entrypoints.web.address?)"], Messages(result));
    }

    [Fact]
    public void Load_DistinctHostsOnOnePort_IsValid()
    {
        var result = Load(["--entrypoints.a.address=127.0.0.1:80", "--entrypoints.b.address=127.0.0.2:80", "--api.address=127.0.0.3:80"]);

        Assert.True(result.IsValid, result.RenderErrors());
    }

    [Fact]
    public void Load_MetaFlagsAmongOptions_AreNotErrors()
    {
        Assert.True(Load(["--help", "--version", "-h", "--log.level=INFO"]).IsValid);
    }

    [Fact]
    public void RenderErrors_TwoErrors_CountsAndListsThem()
    {
        var text = Load(["--log.level=loud", "--api.address=x"]).RenderErrors();

        Assert.Equal(
            "proxy-node: 2 static configuration errors:\n"
            + "  invalid value \"x\" for --api.address: expected [host]:port, host empty for all interfaces, an IPv4 address, [IPv6] or a name, port 1-65535\n"
            + "  invalid value \"loud\" for --log.level: expected one of DEBUG, INFO, WARN, ERROR\n",
            text);
    }

    [Theory]
    [InlineData(new[] { "--help" }, true, false)]
    [InlineData(new[] { "--api.address=:1", "-h" }, true, false)]
    [InlineData(new[] { "--version" }, false, true)]
    [InlineData(new[] { "--api.address=:1" }, false, false)]
    public void WantsHelpAndVersion_Args_DetectMetaFlags(string[] args, bool help, bool version)
    {
        Assert.Equal(help, StaticConfigLoader.WantsHelp(args));
        Assert.Equal(version, StaticConfigLoader.WantsVersion(args));
    }
}
