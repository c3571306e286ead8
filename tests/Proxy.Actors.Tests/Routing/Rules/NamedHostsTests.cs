using Proxy.Actors.Routing.Rules;
using Xunit;

namespace Proxy.Actors.Tests.Routing.Rules;

public sealed class NamedHostsTests
{
    [Theory]
    [InlineData("Host(`a.com`)", "a.com")]
    [InlineData("Host(`A.Com.`) && PathPrefix(`/x`)", "a.com")]
    [InlineData("Host(`b.com`) || Host(`a.com`) && Path(`/`)", "a.com,b.com")]
    [InlineData("Host(`a.com`) || PathPrefix(`/x`)", "a.com")]
    [InlineData("(Host(`a.com`) || Host(`b.com`)) && Host(`a.com`)", "a.com,b.com")]
    [InlineData("Host(`a.com`) && !Host(`b.com`)", "a.com")]
    [InlineData("HostRegexp(`^.+\\.a\\.com$`)", "")]
    [InlineData("PathPrefix(`/`)", "")]
    public void Compile_Rule_NamedHostsAreTheDomainsOfItsHostCalls(string rule, string expected)
    {
        var hosts = RuleCompiler.Compile(rule).Rule!.NamedHosts;

        Assert.Equal(expected, string.Join(',', hosts));
    }
}
