using Proxy.Node.Hosting;
using Xunit;

namespace Proxy.Node.Tests.Hosting;

public sealed class RedirectionOptionsTests
{
    private static StaticConfigResult Load(string[] args, Dictionary<string, string>? environment = null) =>
        StaticConfigLoader.Load(args, environment ?? [], path => throw new FileNotFoundException(path));

    private static StaticConfig Valid(StaticConfigResult result)
    {
        Assert.True(result.IsValid, result.RenderErrors());
        return result.Config!;
    }

    [Fact]
    public void Load_NoRedirectionOptions_NoRedirection()
    {
        var web = Valid(Load([])).EntryPoints["web"];

        Assert.Null(web.Redirection);
    }

    [Fact]
    public void Load_ToOnly_TraefikDefaults()
    {
        var config = Valid(Load(
        [
            "--entrypoints.web.address=:8000", "--entrypoints.websecure.address=:8443",
            "--entrypoints.web.http.redirections.entrypoint.to=websecure",
        ]));

        Assert.Equal(new EntryPointRedirection("websecure", "https", 8443, true, int.MaxValue - 1), config.EntryPoints["web"].Redirection);
        Assert.Null(config.EntryPoints["websecure"].Redirection);
    }

    [Fact]
    public void Load_EveryOptionByFlags_Bound()
    {
        var config = Valid(Load(
        [
            "--entrypoints.web.address=:80", "--entrypoints.other.address=127.0.0.1:8081",
            "--entrypoints.web.http.redirections.entrypoint.to=Other",
            "--entrypoints.web.http.redirections.entrypoint.scheme=HTTP",
            "--entrypoints.web.http.redirections.entrypoint.permanent=false",
            "--entrypoints.web.http.redirections.entrypoint.priority=10",
        ]));

        Assert.Equal(new EntryPointRedirection("other", "http", 8081, false, 10), config.EntryPoints["web"].Redirection);
    }

    [Theory]
    [InlineData("https", ":443", null)]
    [InlineData("http", ":80", null)]
    [InlineData("http", ":443", 443)]
    [InlineData("https", ":8443", 8443)]
    public void Load_ToPort_PortLeftOutWhenSchemeDefault(string scheme, string to, int? port)
    {
        var config = Valid(Load(
        [
            "--entrypoints.web.address=:8000", $"--entrypoints.web.http.redirections.entrypoint.to={to}",
            $"--entrypoints.web.http.redirections.entrypoint.scheme={scheme}",
        ]));

        Assert.Equal(port, config.EntryPoints["web"].Redirection!.Port);
    }

    [Fact]
    public void Load_RedirectionFromEnvironment_Bound()
    {
        var config = Valid(Load([], new Dictionary<string, string>
        {
            ["PROXY_ENTRYPOINTS_WEB_ADDRESS"] = ":80",
            ["PROXY_ENTRYPOINTS_WEBSECURE_ADDRESS"] = ":443",
            ["PROXY_ENTRYPOINTS_WEB_HTTP_REDIRECTIONS_ENTRYPOINT_TO"] = "websecure",
            ["PROXY_ENTRYPOINTS_WEB_HTTP_REDIRECTIONS_ENTRYPOINT_PERMANENT"] = "false",
        }));

        Assert.Equal(new EntryPointRedirection("websecure", "https", null, false, int.MaxValue - 1), config.EntryPoints["web"].Redirection);
    }

    [Fact]
    public void Load_RedirectionInYaml_TraefikShape()
    {
        const string yaml = "entryPoints:\n  web:\n    address: \":80\"\n    http:\n      redirections:\n        entryPoint:\n          to: websecure\n"
            + "          scheme: https\n          permanent: true\n          priority: 5\n  websecure:\n    address: \":443\"\n";

        var config = Valid(StaticConfigLoader.Load(["--configfile=proxy.yml"], new Dictionary<string, string>(), _ => yaml));

        Assert.Equal(new EntryPointRedirection("websecure", "https", null, true, 5), config.EntryPoints["web"].Redirection);
    }

    [Theory]
    [InlineData("--entrypoints.web.http.redirections.entrypoint.to=websecur",
        "--entrypoints.web.http.redirections.entrypoint.to names entrypoint websecur, which does not exist: give one of web, websecure (or declare --entrypoints.websecur.address)")]
    [InlineData("--entrypoints.web.http.redirections.entrypoint.to=web",
        "--entrypoints.web.http.redirections.entrypoint.to redirects entrypoint web to itself, which would loop: name another entrypoint")]
    [InlineData("--entrypoints.web.http.redirections.entrypoint.to=:0",
        "invalid value \":0\" for --entrypoints.web.http.redirections.entrypoint.to: expected an entrypoint name or :<port> with a port from 1 to 65535")]
    [InlineData("--entrypoints.web.http.redirections.entrypoint.to=evil.example:443",
        "invalid value \"evil.example:443\" for --entrypoints.web.http.redirections.entrypoint.to: expected an entrypoint name (letters, digits, '_' and '-') or :<port>")]
    [InlineData("--entrypoints.web.http.redirections.entrypoint.scheme=ftp",
        "invalid value \"ftp\" for --entrypoints.web.http.redirections.entrypoint.scheme: expected one of https, http")]
    [InlineData("--entrypoints.websecure.http.redirections.entrypoint.permanent=false",
        "--entrypoints.websecure.http.redirections.entrypoint.permanent is set but entrypoint websecure redirects nowhere: give --entrypoints.websecure.http.redirections.entrypoint.to")]
    [InlineData("--entrypoints.web.http.redirections.entrypoint.priority=high",
        "invalid value \"high\" for --entrypoints.web.http.redirections.entrypoint.priority: expected a whole number")]
    [InlineData("--entrypoints.wbe.http.redirections.entrypoint.to=websecure",
        "--entrypoints.wbe.http.redirections.entrypoint.to is set but entrypoint wbe has no address: give --entrypoints.wbe.address")]
    public void Load_BadRedirectionOption_ErrorNamesOptionAndProblem(string flag, string message)
    {
        var result = Load(
        [
            "--entrypoints.web.address=:80", "--entrypoints.websecure.address=:443",
            "--entrypoints.web.http.redirections.entrypoint.to=websecure", flag,
        ]);

        Assert.False(result.IsValid);
        Assert.Contains(message, result.Errors.Select(e => e.Message));
    }

    [Fact]
    public void Help_RedirectionOptions_Listed()
    {
        var help = StaticConfigHelp.Render();

        Assert.Contains("--entrypoints.<name>.http.redirections.entrypoint.to", help, StringComparison.Ordinal);
        Assert.Contains("--entrypoints.<name>.http.redirections.entrypoint.priority", help, StringComparison.Ordinal);
    }
}
