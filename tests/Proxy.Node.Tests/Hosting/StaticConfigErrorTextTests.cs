using Proxy.Node.Hosting;

namespace Proxy.Node.Tests.Hosting;

public sealed class StaticConfigErrorTextTests
{
    [Fact]
    public void RenderErrors_ValueWithLineBreaks_OneLinePerErrorEscaped()
    {
        var result = StaticConfigLoader.Load(["--log.level=loud\nproxy-node: 0 static configuration errors"], new Dictionary<string, string> { ["PROXY_LOG_LEVEL"] = "x\r\ny" });

        var text = result.RenderErrors();

        Assert.False(result.IsValid);
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("proxy-node: ", lines[0], StringComparison.Ordinal);
        Assert.All(lines.Skip(1), line => Assert.StartsWith("  ", line, StringComparison.Ordinal));
        Assert.Contains(@"loud\nproxy-node: 0 static configuration errors", text, StringComparison.Ordinal);
        Assert.DoesNotContain('\r', text);
    }
}
