using Proxy.Actors.Routing.Rules;
using Xunit;

namespace Proxy.Actors.Tests.Routing.Rules;

public sealed class RequiredHostsTests
{
    [Theory]
    [InlineData("Host(`A.com`)", "a.com")]
    [InlineData("Host(`a.com.`)", "a.com")]
    [InlineData("Host(`b.com`) || Host(`a.com`)", "a.com,b.com")]
    [InlineData("Host(`a.com`) || Host(`a.com`)", "a.com")]
    [InlineData("Host(`a.com`) && Path(`/x`)", "a.com")]
    [InlineData("Path(`/x`) && Host(`a.com`)", "a.com")]
    [InlineData("Host(`a.com`) && Host(`b.com`)", "")]
    [InlineData("(Host(`a.com`) || Host(`b.com`)) && (Host(`b.com`) || Host(`c.com`))", "b.com")]
    [InlineData("(Host(`a.com`) || Host(`b.com`)) && Method(`GET`)", "a.com,b.com")]
    [InlineData("Host(`a.com`) && Path(`/x`) || Host(`b.com`)", "a.com,b.com")]
    [InlineData("Host(`a.com`) || Path(`/x`)", null)]
    [InlineData("!Host(`a.com`)", null)]
    [InlineData("!!Host(`a.com`)", null)]
    [InlineData("Path(`/x`)", null)]
    [InlineData("HostRegexp(`a\\.com`)", null)]
    [InlineData("!Host(`a.com`) && Host(`b.com`)", "b.com")]
    public void Compile_Rule_ComputesRequiredHosts(string rule, string? expected)
    {
        var hosts = RuleCompiler.Compile(rule).Rule!.RequiredHosts;

        Assert.Equal(expected, hosts is { } set ? string.Join(",", set) : null);
    }
}
