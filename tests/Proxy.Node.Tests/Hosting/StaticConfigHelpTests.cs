using Proxy.Node.Hosting;
using Xunit;

namespace Proxy.Node.Tests.Hosting;

public sealed class StaticConfigHelpTests
{
    public static TheoryData<string> Keys => [.. StaticOptions.All.Select(option => option.Key)];

    [Theory]
    [MemberData(nameof(Keys))]
    public void Render_EveryOption_IsListedWithItsDefaultAndVariable(string key)
    {
        var option = StaticOptions.All.Single(option => option.Key == key);
        var help = StaticConfigHelp.Render();

        Assert.Contains($"  --{key}", help);
        var variable = $"PROXY_{key.Replace("[<n>]", "_<n>").Replace('.', '_').ToUpperInvariant().Replace("<NAME>", "<name>").Replace("<N>", "<n>")}";
        // A long default and variable (a resolver's CA URL) take two lines to stay within the width.
        Assert.True(
            help.Contains($"default: {option.Default ?? "(none)"}   env: {variable}", StringComparison.Ordinal)
                || help.Contains($"default: {option.Default}\n      env: {variable}", StringComparison.Ordinal),
            $"{key}: default and variable not found in the help");
    }

    [Theory]
    [InlineData("  --entrypoints.<name>.address=<[host]:port>\n")]
    [InlineData("  --providers.file.watch[=true|false]\n")]
    [InlineData("  --log.level=<DEBUG|INFO|WARN|ERROR>\n")]
    [InlineData("  --lifecycle.gracetimeout=<duration>\n")]
    [InlineData("      default: 127.0.0.1:8080   env: PROXY_API_ADDRESS\n")]
    [InlineData("      default: 10s   env: PROXY_LIFECYCLE_GRACETIMEOUT\n")]
    [InlineData("  --help, -h\n")]
    [InlineData("  --version\n")]
    public void Render_Always_ContainsLine(string line)
    {
        Assert.Contains(line, StaticConfigHelp.Render());
    }

    [Fact]
    public void Render_Always_KeepsLinesWithinOneHundredColumns()
    {
        Assert.All(StaticConfigHelp.Render().Split('\n'), line => Assert.True(line.Length <= 100, line));
    }

    [Fact]
    public void Version_Always_NamesTheProgram()
    {
        Assert.StartsWith("proxy-node ", StaticConfigHelp.Version());
    }

    [Fact]
    public void Render_ListsTheCommandsThatReadARunningNode()
    {
        var help = StaticConfigHelp.Render();

        Assert.Contains("  usage: proxy-node routers  [--api=<host:port>]", help, StringComparison.Ordinal);
        Assert.Contains("proxy-node services", help, StringComparison.Ordinal);
        Assert.Contains("proxy-node cluster members", help, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_NamesTheSignalsAndExitCodesASupervisorNeeds()
    {
        var help = StaticConfigHelp.Render();

        Assert.Contains("  SIGHUP                    re-read the file provider's file\n", help, StringComparison.Ordinal);
        Assert.Contains("  SIGUSR1                   reopen the access log file", help, StringComparison.Ordinal);
        Assert.Contains("  3  downed by the cluster", help, StringComparison.Ordinal);
    }
}
